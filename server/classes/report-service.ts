// Gathers what a class report needs (learners, the lessons it covers, their
// events, the sessions) and hands it to computeReport, the one function that
// makes the figures. Also a learner's answers (the report's drill-down) and the
// teacher's home (today's classes, who is struggling, recent submissions).
// Events come from the in-memory per-learner cache (learner-events.ts).
import type { Activity } from '../../content/model/activities.ts';
import type { LessonDoc } from '../../sync/content-documents.ts';
import type { ClassDoc, EventDoc } from '../../sync/documents.ts';
import type { SessionUser } from '../auth/user.ts';
import { Errors } from '../errors.ts';
import type { ContentLookup } from '../learning/content-lookup.ts';
import { isMastered, type Attempt } from '../learning/mastery.ts';
import { describeAnswer } from './describe-answer.ts';
import type { LearnerEvents } from './learner-events.ts';
import { marksOf } from './quiz-marks.ts';
import { computeReport, inRange, STRUGGLING_FAILURES, type LearnerPart, type Report } from './report.ts';
import { localDay, type ClassService, type PeopleSource } from './service.ts';
import type { ReportQuery } from './schemas.ts';

const RECENT = 20;
/** Learner parts kept between reports: 40 learners × a few filters × a few classes. */
const PARTS_KEPT = 2_000;

/** A small map that forgets its oldest entries past a limit. */
class Bounded<V> {
  readonly #map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    return this.#map.get(key);
  }
  set(key: string, value: V): void {
    if (this.#map.size >= this.limit) this.#map.delete(this.#map.keys().next().value!);
    this.#map.set(key, value);
  }
}
const ANSWERS_LIMIT = 300;

export class ReportService {
  readonly #parts = new Bounded<LearnerPart>(PARTS_KEPT);

  constructor(
    private readonly classes: ClassService,
    private readonly events: LearnerEvents,
    private readonly content: ContentLookup,
    private readonly people: PeopleSource,
  ) {}

  async #names(ids: string[]): Promise<Map<string, string>> {
    const people = await Promise.all(ids.map((id) => this.people.getPerson(id)));
    return new Map(ids.map((id, i) => [id, [people[i]?.givenName, people[i]?.familyName].filter(Boolean).join(' ') || id]));
  }

  async #lessons(ids: string[]): Promise<LessonDoc[]> {
    const lessons = await Promise.all([...new Set(ids)].map((id) => this.content.lesson(id)));
    return lessons.filter((lesson): lesson is LessonDoc => lesson !== null && !lesson.retired);
  }

  async #courseLessons(courseId: string): Promise<LessonDoc[]> {
    const course = await this.content.course(courseId);
    if (!course) throw new Errors.UNKNOWN_COURSE(courseId);
    return this.content.liveLessons(course);
  }

  /** The report's columns: one course when asked, else what the class was assigned, else the courses its learners worked in. */
  async #columns(doc: ClassDoc, query: ReportQuery, events: ReadonlyMap<string, readonly EventDoc[]>): Promise<LessonDoc[]> {
    if (query.courseId) return this.#courseLessons(query.courseId);
    const assignments = (await this.classes.assignmentsOfClass(doc._id)).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
    if (assignments.length > 0) {
      const ids: string[] = [];
      for (const a of assignments) ids.push(...(await this.classes.lessonIdsOf(a.item)));
      return this.#lessons(ids);
    }
    const courseIds = new Set<string>();
    for (const list of events.values()) for (const e of list) courseIds.add(e.object.courseId);
    const lessons: LessonDoc[] = [];
    for (const courseId of [...courseIds].sort()) lessons.push(...(await this.#courseLessons(courseId).catch(() => [])));
    return lessons;
  }

  async report(user: SessionUser, classId: string, query: ReportQuery): Promise<Report> {
    const doc = await this.classes.classFor(user, classId);
    const group = query.group ? doc.groups.find((g) => g.id === query.group) : null;
    if (query.group && !group) throw new Errors.UNKNOWN_GROUP(query.group);
    let learnerIds = await this.classes.activeLearnerIds(classId);
    if (group) learnerIds = learnerIds.filter((id) => group.learnerIds.includes(id));
    const [names, { events, versions }, sessions] = await Promise.all([this.#names(learnerIds), this.events.withVersions(learnerIds), this.classes.repository.sessionsOf(classId)]);
    const lessons = await this.#columns(doc, query, events);
    const learners = learnerIds
      .map((id) => ({ id, name: names.get(id)!, groups: doc.groups.filter((g) => g.learnerIds.includes(id)).map((g) => g.name) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    // A learner's part of the report is recomputed only when their events, the columns or the days change.
    const columnsKey = `${lessons.map((l) => `${l._id}@${l._rev ?? ''}`).join(',')}|${query.from ?? ''}|${query.to ?? ''}`;
    return computeReport({
      classId, className: doc.name, group: group ? { id: group.id, name: group.name } : null, from: query.from ?? null, to: query.to ?? null,
      learners, lessons, events, sessions,
      partKey: (id) => `${id}|${versions.get(id)}|${columnsKey}`,
      parts: this.#parts,
    });
  }

  /** One learner's answers in the class's report: newest first, each with its mark. */
  async answers(user: SessionUser, classId: string, personId: string, range: { from?: string; to?: string }) {
    await this.classes.classFor(user, classId);
    const enrolled = await this.classes.activeLearnerIds(classId);
    if (!enrolled.includes(personId)) throw new this.classes.rules.errors.notIn(personId);
    const events = (await this.events.of([personId])).get(personId) ?? [];
    const chosen = events.filter((e) => ['answered', 'submitted', 'typed'].includes(e.verb) && inRange(e.at.slice(0, 10), range.from ?? null, range.to ?? null));
    const recent = chosen.slice(-ANSWERS_LIMIT).reverse();
    const lessons = new Map((await this.#lessons(recent.map((e) => e.object.lessonId))).map((l) => [l.lessonId, l]));
    const activityOf = (lesson: LessonDoc | undefined, id: string | undefined) => (id ? lesson?.activities.find((a) => a.id === id) : undefined);
    const pct = (score: number | undefined) => (score === undefined ? null : Math.round(score * 100));
    const items = recent.map((e) => {
      const lesson = lessons.get(e.object.lessonId);
      const activity = activityOf(lesson, e.object.activityId);
      const base = { at: e.at, verb: e.verb, courseId: e.object.courseId, lessonId: e.object.lessonId, lessonTitle: lesson?.title ?? e.object.lessonId };
      if (e.verb === 'submitted') {
        const byId = new Map<string, Activity>((lesson?.activities ?? []).map((a) => [a.id, a]));
        const marks = marksOf(e, byId);
        const answers = ((e.result?.response ?? {}) as { answers?: Record<string, unknown> }).answers ?? {};
        return {
          ...base,
          scorePercent: pct(e.result?.score ?? 0),
          questions: Object.entries(answers).map(([activityId, response]) => ({
            activityId,
            prompt: byId.get(activityId)?.prompt ?? activityId,
            answer: describeAnswer(byId.get(activityId), response),
            correct: marks.get(activityId)?.correct ?? null,
            scorePercent: pct(marks.get(activityId)?.score),
          })),
        };
      }
      return {
        ...base,
        activityId: e.object.activityId ?? null,
        prompt: activity?.prompt ?? e.object.activityId ?? '',
        answer: e.verb === 'typed' ? `${e.result?.wpm ?? 0} wpm` : describeAnswer(activity, e.result?.response),
        correct: e.verb === 'typed' ? null : (e.result?.correct ?? null),
        scorePercent: pct(e.verb === 'typed' ? e.result?.accuracy : e.result?.score ?? (e.result?.correct === undefined ? undefined : e.result.correct ? 1 : 0)),
      };
    });
    return { personId, name: (await this.#names([personId])).get(personId)!, answers: items };
  }

  /** The teacher's start page: today's classes, who needs help, what came in lately. */
  async teacherHome(user: SessionUser) {
    const today = localDay();
    const docs = await this.classes.classesOf(user);
    const summaries = await this.classes.summaries(docs);
    const struggling: { personId: string; name: string; classId: string; className: string; reason: 'failedAttempts' | 'noProgress'; lessonId: string | null; lessonTitle: string | null; failures: number }[] = [];
    const recent: { personId: string; name: string; classId: string; className: string; lessonId: string; lessonTitle: string; verb: string; scorePercent: number | null; at: string }[] = [];
    const todays: (typeof summaries[number] & { sessionToday: { present: number; late: number; absent: number } | null })[] = [];
    const seen = new Set<string>();
    for (const [i, doc] of docs.entries()) {
      const learnerIds = await this.classes.activeLearnerIds(doc._id);
      const sessions = await this.classes.repository.sessionsOf(doc._id);
      const todaySession = sessions.find((s) => s.date === today);
      if (doc.visitDates.includes(today) || todaySession) {
        const values = Object.values(todaySession?.statuses ?? {});
        todays.push({ ...summaries[i]!, sessionToday: todaySession ? { present: values.filter((v) => v === 'present').length, late: values.filter((v) => v === 'late').length, absent: values.filter((v) => v === 'absent').length } : null });
      }
      const [names, events] = await Promise.all([this.#names(learnerIds), this.events.of(learnerIds)]);
      for (const personId of learnerIds) {
        const list = events.get(personId) ?? [];
        const name = names.get(personId)!;
        const key = `${doc._id}|${personId}`;
        // Many wrong answers to one activity, not mastered since.
        const byActivity = new Map<string, { lessonId: string; attempts: Attempt[] }>();
        for (const e of list) {
          if (e.verb !== 'answered' || !e.object.activityId) continue;
          const entry = byActivity.get(e.object.activityId) ?? { lessonId: e.object.lessonId, attempts: [] };
          const score = e.result?.score ?? (e.result?.correct ? 1 : 0);
          entry.attempts.push({ at: e.at, correct: e.result?.correct ?? score === 1, score });
          byActivity.set(e.object.activityId, entry);
        }
        for (const [activityId, { lessonId, attempts }] of byActivity) {
          const failures = attempts.filter((a) => !a.correct).length;
          if (failures < STRUGGLING_FAILURES) continue;
          const lesson = await this.content.lesson(lessonId);
          const activity = lesson?.activities.find((a) => a.id === activityId);
          if (isMastered(activity?.mastery, attempts)) continue;
          if (!seen.has(key)) struggling.push({ personId, name, classId: doc._id, className: doc.name, reason: 'failedAttempts', lessonId, lessonTitle: lesson?.title ?? lessonId, failures });
          seen.add(key);
          break;
        }
        // No progress (no lesson completed, no right answer) on the last two days they attended.
        const attended = sessions.filter((s) => s.statuses[personId] === 'present' || s.statuses[personId] === 'late').slice(-2);
        if (!seen.has(key) && attended.length === 2) {
          const days = new Set(attended.map((s) => s.date));
          const progressed = list.some((e) => days.has(localDay(new Date(e.at))) && ((e.verb === 'completed' && !e.object.activityId) || (e.verb === 'answered' && e.result?.correct)));
          if (!progressed) {
            struggling.push({ personId, name, classId: doc._id, className: doc.name, reason: 'noProgress', lessonId: null, lessonTitle: null, failures: 0 });
            seen.add(key);
          }
        }
        for (const e of list) {
          if (e.verb !== 'submitted' && !(e.verb === 'completed' && !e.object.activityId)) continue;
          recent.push({ personId, name, classId: doc._id, className: doc.name, lessonId: e.object.lessonId, lessonTitle: e.object.lessonId, verb: e.verb, scorePercent: e.verb === 'submitted' ? Math.round((e.result?.score ?? 0) * 100) : null, at: e.at });
        }
      }
    }
    recent.sort((a, b) => (a.at < b.at ? 1 : -1));
    const latest = recent.slice(0, RECENT);
    for (const r of latest) r.lessonTitle = (await this.content.lesson(r.lessonId))?.title ?? r.lessonId;
    return { today, todaysClasses: todays, classes: summaries, struggling, recentSubmissions: latest };
  }
}
