// The views central reporting reads (server/central-dashboard/impact.ts), in a
// design document of their own, `_design/impact`, in every hub database at
// central: upgrading a view never rewrites the hub validator in `_design/darasa`,
// and a view change rebuilds only this document's indexes. ES5 in strings, as
// CouchDB 3 runs them in its own engine (validators.ts says why); built-in
// reduces only (`_sum`, `_stats`), which CouchDB runs in Erlang.
//
// Each view keys by what a date range selects first, so one range query per
// view per hub answers any grouping; the dashboard combines the rows of every
// hub, never the events themselves.

/** Events by person and course, twice: `['d', day, personId, courseId]` and
 * `['m', month, personId, courseId]` → [events, spent ms, quiz score sum,
 * quiz scores]; `_sum` adds the arrays element by element. A range is read
 * as whole months from the month keys and the partial months at its ends
 * from the day keys (server/central-dashboard/impact-ranges.ts), each with
 * group_level=4: one row per learner, course and month (or day at the
 * edges), however many events — a six-month page reads learners × courses × 6
 * rows per hub, not its events. */
export const ACTIVITY_MAP = `function (doc) {
  if (doc.type !== 'event' || typeof doc.at !== 'string' || !doc.object || typeof doc.personId !== 'string') return;
  var r = doc.result || {};
  var spent = doc.verb === 'spent' && typeof r.durationMs === 'number' && r.durationMs > 0 ? r.durationMs : 0;
  var scored = doc.verb === 'submitted' && typeof r.score === 'number';
  var value = [1, spent, scored ? r.score : 0, scored ? 1 : 0];
  var day = doc.at.substring(0, 10);
  var course = String(doc.object.courseId);
  emit(['d', day, doc.personId, course], value);
  emit(['m', day.substring(0, 7), doc.personId, course], value);
}`;

/** A person's first event in each course: [personId, courseId] → time in ms;
 * `_stats` gives the minimum. New learners are those whose first event falls
 * in the range; group_level=2 reads one row per learner and course. */
export const FIRST_SEEN_MAP = `function (doc) {
  if (doc.type !== 'event' || typeof doc.at !== 'string' || !doc.object || typeof doc.personId !== 'string') return;
  var t = Date.parse(doc.at);
  if (!isNaN(t)) emit([doc.personId, String(doc.object.courseId)], t);
}`;

/** Lesson completions: [courseId, personId, lessonId] → time in ms; `_stats`'s
 * minimum is the first completion, so a lesson completed twice counts once. */
export const COMPLETIONS_MAP = `function (doc) {
  if (doc.type !== 'event' || doc.verb !== 'completed' || !doc.object || doc.object.activityId || typeof doc.at !== 'string') return;
  var t = Date.parse(doc.at);
  if (!isNaN(t)) emit([String(doc.object.courseId), doc.personId, String(doc.object.lessonId)], t);
}`;

/** Typing speeds: [day, personId] → [at, wpm, courseId], no reduce (one row per
 * `typed` event: few next to the other verbs). The gain of a learner is the
 * last speed in the range minus the first. */
export const TYPING_MAP = `function (doc) {
  if (doc.type !== 'event' || doc.verb !== 'typed' || typeof doc.at !== 'string' || !doc.result || typeof doc.result.wpm !== 'number') return;
  emit([doc.at.substring(0, 10), doc.personId], [doc.at, doc.result.wpm, doc.object ? String(doc.object.courseId) : '']);
}`;

/** People as they travel to central: pseudonymous id → the fields reporting
 * groups by. Never a name: central has none (the validator refuses them). */
export const PERSONS_MAP = `function (doc) {
  if (doc.type !== 'person') return;
  emit(doc._id, { roles: doc.roles || [], gender: doc.gender || null, ageBand: doc.ageBand || null });
}`;

/** Class sessions: [date, classId, null] → 1 for the session, and
 * [date, classId, personId] → 1 for each learner present or late. A cohort's
 * session (`kind: 'cohort'`, teachers trained by a trainer) is not a class of
 * learners and is left out. */
export const ATTENDANCE_MAP = `function (doc) {
  if (doc.type !== 'attendance' || typeof doc.date !== 'string' || doc.kind === 'cohort') return;
  emit([doc.date, String(doc.classId), null], 1);
  var statuses = doc.statuses || {};
  for (var id in statuses) {
    if (Object.prototype.hasOwnProperty.call(statuses, id) && (statuses[id] === 'present' || statuses[id] === 'late')) emit([doc.date, String(doc.classId), id], 1);
  }
}`;

/** Course completions: the fact the hub records when a person's events
 * complete every live lesson of a course (`course-completion` documents,
 * sync/course-completion.ts; one per person and course, deterministic id).
 * [day completed, personId, courseId] → [1 when the hub issued a certificate
 * for it, else 0; 1 when the course is written for teachers, else 0]; no
 * reduce (one row per completion, far fewer than events). */
export const COURSE_COMPLETIONS_MAP = `function (doc) {
  if (doc.type !== 'course-completion' || typeof doc.completedAt !== 'string' || typeof doc.personId !== 'string') return;
  emit([doc.completedAt.substring(0, 10), doc.personId, String(doc.courseId)], [doc.certificate === false ? 0 : 1, doc.audience === 'teacher' ? 1 : 0]);
}`;

/** Trainers' observations of teachers' sessions (sync/training-documents.ts):
 * [session day, teacherId] → the observation's average score. */
export const OBSERVATIONS_MAP = `function (doc) {
  if (doc.type !== 'observation' || typeof doc.date !== 'string' || typeof doc.teacherId !== 'string') return;
  emit([doc.date, doc.teacherId], typeof doc.averageScore === 'number' ? doc.averageScore : null);
}`;

/** Teachers certified: [day decided, teacherId] → [levelId, level name], for
 * decisions 'certified' only ('not-yet' is a trainer's note, not a certificate). */
export const CERTIFICATIONS_MAP = `function (doc) {
  if (doc.type !== 'certification' || doc.decision !== 'certified' || typeof doc.decidedAt !== 'string' || typeof doc.teacherId !== 'string') return;
  emit([doc.decidedAt.substring(0, 10), doc.teacherId], [String(doc.levelId), String(doc.levelName || doc.levelId)]);
}`;

export const IMPACT_DESIGN_ID = '_design/impact';

export interface ViewDesignDoc {
  _id: string;
  _rev?: string;
  language: 'javascript';
  views: Record<string, { map: string; reduce?: string }>;
}

export function impactDesignDoc(): ViewDesignDoc {
  return {
    _id: IMPACT_DESIGN_ID,
    language: 'javascript',
    views: {
      activity: { map: ACTIVITY_MAP, reduce: '_sum' },
      'first-seen': { map: FIRST_SEEN_MAP, reduce: '_stats' },
      completions: { map: COMPLETIONS_MAP, reduce: '_stats' },
      typing: { map: TYPING_MAP },
      persons: { map: PERSONS_MAP },
      attendance: { map: ATTENDANCE_MAP },
      'course-completions': { map: COURSE_COMPLETIONS_MAP },
      observations: { map: OBSERVATIONS_MAP },
      certifications: { map: CERTIFICATIONS_MAP },
    },
  };
}
