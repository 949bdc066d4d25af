// A known data set for central reporting: per hub, people (pseudonymous, with
// gender and age band), events of every verb over several months, attendance
// records, the hub's settings and status; loaded straight into the hub's
// database at central as central's administrator (`_bulk_docs`), as a synced
// hub would have left it. `oracleImpact` computes every impact figure from the
// raw documents, independently of the views, for tests to compare with.
import type { CentralAdmin } from '../../sync/central/couch-http.ts';
import { couchExpect } from '../../sync/central/couch-http.ts';
import { hubDatabase, LIBRARY_DB } from '../../sync/central/provision.ts';
import { courseCompletionLocalId } from '../../sync/course-completion.ts';
import type { CourseDoc, LessonDoc } from '../../sync/content-documents.ts';
import type { EventDoc } from '../../sync/documents.ts';
import { deriveCourseProgress } from '../../server/learning/progress.ts';

export interface HubData {
  hubId: string;
  name: string;
  country: string;
  docs: Record<string, unknown>[];
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GENDERS = ['female', 'male', 'other', 'prefer-not-to-say'];
const AGE_BANDS = ['10-14', '15-19', '20-24', '25-34'];
const COURSES = ['typing-basics', 'numbers-1', 'reading-2'];
/** A course written for teachers (audience 'teacher'), taken by the teachers. */
const TEACHER_COURSE = 'teaching-digital-classroom-en';
/** Every course has four lessons, `<courseId>-l1` … `-l4`. */
const LESSONS_PER_COURSE = 4;
const LEVELS = [['level-1', 'Practitioner'], ['level-2', 'Mentor']] as const;

export function makeHubData(hubId: string, options: { name: string; country: string; seed: number; events: number; learners?: number; months: string[] }): HubData {
  const next = random(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const docs: Record<string, unknown>[] = [];
  const learners = options.learners ?? 12;
  const people: string[] = [];
  for (let i = 0; i < learners; i++) {
    const id = `person:${hubId}:l${i}`;
    people.push(id);
    const doc: Record<string, unknown> = { _id: id, type: 'person', roles: ['learner'], active: true, createdAt: `${options.months[0]}-01T08:00:00.000Z`, updatedAt: `${options.months[0]}-01T08:00:00.000Z` };
    if (i % 5 !== 4) doc.gender = pick(GENDERS);
    if (i % 6 !== 5) doc.ageBand = pick(AGE_BANDS);
    docs.push(doc);
  }
  const teacher = `person:${hubId}:t0`;
  people.push(teacher);
  docs.push({ _id: teacher, type: 'person', roles: ['teacher'], gender: 'female', ageBand: '25-34', active: true, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
  // A second teacher and a trainer (issue 9's figures), both learning too.
  const teacher2 = `person:${hubId}:t1`;
  const trainer = `person:${hubId}:r0`;
  people.push(teacher2, trainer);
  docs.push({ _id: teacher2, type: 'person', roles: ['teacher'], gender: 'male', ageBand: '35-49', active: true, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
  docs.push({ _id: trainer, type: 'person', roles: ['trainer', 'teacher'], gender: 'female', active: true, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
  // One person whose record has not reached central (unknown: counts as a learner).
  const ghost = `person:${hubId}:ghost`;
  people.push(ghost);

  const verbs = ['opened', 'answered', 'completed', 'completed', 'submitted', 'typed', 'spent', 'spent', 'mastered'] as const;
  for (let i = 0; i < options.events; i++) {
    const month = pick(options.months);
    const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
    const at = `${month}-${day}T${String(6 + Math.floor(next() * 12)).padStart(2, '0')}:${String(Math.floor(next() * 60)).padStart(2, '0')}:${String(Math.floor(next() * 60)).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z`;
    const verb = pick(verbs);
    const courseId = pick(COURSES);
    const lessonId = `${courseId}-l${1 + Math.floor(next() * LESSONS_PER_COURSE)}`;
    const object: Record<string, string> = { courseId, lessonId };
    let result: Record<string, unknown> | undefined;
    if (verb === 'answered' || verb === 'mastered') object.activityId = `${lessonId}-a${Math.floor(next() * 3)}`;
    if (verb === 'completed' && next() < 0.3) object.activityId = `${lessonId}-a0`;
    if (verb === 'answered') result = { correct: next() < 0.6 };
    if (verb === 'submitted') result = { score: Math.round(next() * 100) / 100 };
    if (verb === 'typed') result = { wpm: 10 + Math.floor(next() * 40), accuracy: 0.9 };
    if (verb === 'spent') result = { durationMs: 30_000 + Math.floor(next() * 600_000) };
    docs.push({
      _id: `event:${hubId}:e${i}`,
      type: 'event',
      personId: pick(people),
      verb,
      object,
      ...(result ? { result } : {}),
      at,
      receivedAt: at,
      createdAt: at,
      workstation: '10.0.0.2',
    });
  }
  for (const [m, month] of options.months.entries()) {
    for (let s = 0; s < 3 + m; s++) {
      const statuses: Record<string, string> = {};
      for (const learner of people.slice(0, learners)) statuses[learner] = next() < 0.7 ? 'present' : next() < 0.5 ? 'late' : 'absent';
      const date = `${month}-${String(2 + s * 3).padStart(2, '0')}`;
      docs.push({ _id: `attendance:${hubId}:s${m}-${s}`, type: 'attendance', classId: `class:${hubId}:c${s % 2}`, date, teacherId: teacher, statuses, createdAt: `${date}T09:00:00.000Z`, updatedAt: `${date}T09:00:00.000Z` });
    }
    // A session of a trainer's teacher cohort: teacher training, not a class of learners (not counted).
    const cohortDay = `${month}-20`;
    docs.push({ _id: `attendance:${hubId}:k${m}`, type: 'attendance', kind: 'cohort', classId: `class:${hubId}:cohort`, date: cohortDay, teacherId: teacher, statuses: { [teacher2]: 'present' }, createdAt: `${cohortDay}T09:00:00.000Z`, updatedAt: `${cohortDay}T09:00:00.000Z` });
  }
  // The teachers take the teachers' course: the first completes it, the second does three lessons of four.
  for (const [t, person] of [teacher, teacher2].entries()) {
    for (let l = 1; l <= LESSONS_PER_COURSE - t; l++) {
      const at = `${options.months[Math.min(l - 1, options.months.length - 1)]}-1${l}T09:00:00.000Z`;
      docs.push({ _id: `event:${hubId}:tc${t}-${l}`, type: 'event', personId: person, verb: 'completed', object: { courseId: TEACHER_COURSE, lessonId: `${TEACHER_COURSE}-l${l}` }, at, receivedAt: at, createdAt: at, workstation: '10.0.0.3' });
    }
  }
  // Trainers' observations of the two teachers, and certification decisions
  // (sync/training-documents.ts), written as the hub writes them.
  for (const [m, month] of options.months.entries()) {
    for (const [t, observed] of [teacher, teacher2].entries()) {
      if ((m + t) % 3 === 2) continue;
      const date = `${month}-${String(3 + 7 * t + m).padStart(2, '0')}`;
      const scores = [1 + Math.floor(next() * 4), 1 + Math.floor(next() * 4)];
      docs.push({
        _id: `observation:${hubId}:o${m}-${t}`, type: 'observation', teacherId: observed, sessionId: `attendance:${hubId}:s${m}-0`, classId: `class:${hubId}:c0`, date, observerId: trainer,
        scores: scores.map((score, i) => ({ criterionId: `c${i}`, label: `Criterion ${i}`, score })), averageScore: Math.round(((scores[0]! + scores[1]!) / 2) * 100) / 100,
        createdAt: `${date}T10:00:00.000Z`, updatedAt: `${date}T10:00:00.000Z`,
      });
    }
  }
  const decisions: [string, number, 'certified' | 'not-yet', number][] = [[teacher, 0, 'not-yet', 0], [teacher, 0, 'certified', 1], [teacher2, 0, 'certified', options.months.length - 1], [teacher, 1, 'certified', options.months.length - 1]];
  for (const [i, [teacherId, level, decision, m]] of decisions.entries()) {
    const decidedAt = `${options.months[m]}-${String(20 + i).padStart(2, '0')}T11:00:00.000Z`;
    docs.push({
      _id: `certification:${hubId}:d${i}`, type: 'certification', teacherId, levelId: LEVELS[level]![0], levelName: LEVELS[level]![1], decision,
      evaluation: { courseIdsCompleted: [], courseIdsMissing: [], qualifyingObservations: 2, met: decision === 'certified' }, certifiedBy: trainer, decidedAt, createdAt: decidedAt,
      ...(decision === 'certified' ? { verificationCode: `ABCD-EFGH-${i}K` } : { reason: 'one more observed session' }),
    });
  }
  docs.push(...courseCompletionDocs(hubId, docs));
  docs.push({ _id: `hub:${hubId}:settings`, type: 'hub', name: options.name, country: options.country, defaultLanguage: 'en', allowNoPin: false, learnerIdleMinutes: 10, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
  return { hubId, name: options.name, country: options.country, docs };
}

/** The `course-completion` records the hub would write for these events, by
 * the hub's own rule (server/learning/progress.ts over four-lesson courses). */
export function courseCompletionDocs(hubId: string, docs: Record<string, unknown>[]): Record<string, unknown>[] {
  const byPersonCourse = new Map<string, EventDoc[]>();
  for (const doc of docs) {
    if (doc.type !== 'event') continue;
    const e = doc as unknown as EventDoc;
    const key = `${e.personId}|${e.object.courseId}`;
    byPersonCourse.set(key, [...(byPersonCourse.get(key) ?? []), e]);
  }
  const out: Record<string, unknown>[] = [];
  for (const [key, events] of byPersonCourse) {
    const [personId, courseId] = key.split('|') as [string, string];
    const course = { courseId, title: courseId, language: 'en', version: '1.0.0' } as CourseDoc;
    const lessons = Array.from({ length: LESSONS_PER_COURSE }, (_, i) => ({ lessonId: `${courseId}-l${i + 1}`, title: '', activities: [] }) as unknown as LessonDoc);
    const completedAt = deriveCourseProgress(course, lessons, events).completedAt;
    if (!completedAt) continue;
    out.push({ _id: `course-completion:${hubId}:${courseCompletionLocalId(personId, courseId)}`, type: 'course-completion', personId, courseId, completedAt, lessons: LESSONS_PER_COURSE, courseVersion: '1.0.0', certificate: true, audience: courseId === TEACHER_COURSE ? 'teacher' : 'learner', createdAt: completedAt });
  }
  return out;
}

/** A pack in central's shared library (as sync/library/publish.ts leaves it), for the library figures. */
export async function putLibraryPack(central: CentralAdmin, packId: string, title: string, courseIds: string[]): Promise<void> {
  const sha = 'a'.repeat(64);
  await couchExpect(central, 'create the library', 'PUT', `/${LIBRARY_DB}`, undefined, [201, 202, 412]);
  await couchExpect(central, 'store a library pack', 'PUT', `/${LIBRARY_DB}/${encodeURIComponent(`library-pack:${packId}`)}`, {
    type: 'library-pack', packId, version: '1.0.0', title, licence: 'CC-BY-SA-4.0', courseIds, languages: ['en'], sha256: sha, size: 10, chunkSize: 262144, chunks: [sha],
    publishedAt: '2026-08-01T00:00:00.000Z', publishedBy: 'central', createdAt: '2026-08-01T00:00:00.000Z',
  }, [201, 202]);
}

export function hubStatusDoc(hubId: string, at: string, lastSuccessAt: string | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _id: `hub-status:${hubId}:current`,
    type: 'hub-status',
    hubId,
    at,
    softwareVersion: '0.1.0',
    lastSuccessAt,
    pending: { event: 3, person: 1 },
    bytes: { today: { sent: 1200, received: 300 }, month: { sent: 54_000, received: 9_000 } },
    budget: { dailyBytes: 5_000_000, monthlyBytes: 100_000_000, reached: null },
    refused: 0,
    conflicts: 0,
    lastError: null,
    createdAt: at,
    ...extra,
  };
}

export async function loadHubDocs(central: CentralAdmin, hubId: string, docs: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 2000) {
    await couchExpect(central, 'load test documents', 'POST', `/${hubDatabase(hubId)}/_bulk_docs`, { docs: docs.slice(i, i + 2000) }, [201]);
  }
}

type Doc = Record<string, any>;

/** Every impact figure from raw documents, by the definitions in
 * server/central-dashboard/impact-figures.ts, written again plainly. */
export function oracleImpact(hubs: HubData[], from: string, to: string, groupBy: string, sessionHours = 1) {
  const inRange = (day: string) => day >= from && day <= to;
  const groups = new Map<string, any>();
  const total = blank();
  function blank() {
    return { learners: new Set<string>(), teachers: new Set<string>(), newL: new Set<string>(), sessions: 0, attended: 0, spent: 0, lessons: 0, courses: 0, scoreSum: 0, scores: 0, typing: new Map<string, [string, number][]>(), events: 0 };
  }
  const get = (key: string | null) => {
    if (key === null) return [total];
    if (!groups.has(key)) groups.set(key, blank());
    return [total, groups.get(key)];
  };
  for (const hub of hubs) {
    const persons = new Map(hub.docs.filter((d) => d.type === 'person').map((d) => [d._id as string, d as Doc]));
    const learner = (id: string) => !persons.get(id) || (persons.get(id)!.roles as string[]).includes('learner');
    const teacher = (id: string) => Boolean(persons.get(id)?.roles.some((r: string) => r === 'teacher' || r === 'trainer'));
    const key = (f: { day?: string; courseId?: string; personId?: string }): string | null => {
      const p = f.personId ? persons.get(f.personId) : undefined;
      switch (groupBy) {
        case 'hub': return hub.hubId;
        case 'country': return hub.country;
        case 'course': return f.courseId ?? null;
        case 'month': return f.day ? f.day.slice(0, 7) : null;
        case 'gender': return f.personId ? (p?.gender ?? 'unknown') : null;
        case 'ageBand': return f.personId ? (p?.ageBand ?? 'unknown') : null;
      }
      return null;
    };
    const events = hub.docs.filter((d) => d.type === 'event') as Doc[];
    const firstByCourse = new Map<string, string>();
    const first = new Map<string, string>();
    const firstCompletion = new Map<string, Doc>();
    for (const e of [...events].sort((a, b) => (a.at < b.at ? -1 : 1))) {
      const ck = `${e.personId}|${e.object.courseId}`;
      if (!firstByCourse.has(ck)) firstByCourse.set(ck, e.at);
      if (!first.has(e.personId)) first.set(e.personId, e.at);
      if (e.verb === 'completed' && !e.object.activityId) {
        const lk = `${e.object.courseId}|${e.personId}|${e.object.lessonId}`;
        if (!firstCompletion.has(lk)) firstCompletion.set(lk, e);
      }
      const day = e.at.slice(0, 10);
      if (!inRange(day)) continue;
      for (const acc of get(key({ day, courseId: e.object.courseId, personId: e.personId }))) {
        if (learner(e.personId)) acc.learners.add(e.personId);
        if (teacher(e.personId)) acc.teachers.add(e.personId);
        acc.events += 1;
        if (e.verb === 'spent') acc.spent += e.result.durationMs;
        if (e.verb === 'submitted') { acc.scoreSum += e.result.score; acc.scores += 1; }
        if (e.verb === 'typed') {
          const list = acc.typing.get(e.personId) ?? [];
          list.push([e.at, e.result.wpm]);
          acc.typing.set(e.personId, list);
        }
      }
    }
    if (groupBy === 'course') {
      for (const [ck, at] of firstByCourse) {
        const [personId, courseId] = ck.split('|') as [string, string];
        if (learner(personId) && inRange(at.slice(0, 10))) get(courseId)[1].newL.add(personId);
      }
      for (const [personId, at] of first) if (learner(personId) && inRange(at.slice(0, 10))) total.newL.add(personId);
    } else {
      for (const [personId, at] of first) if (learner(personId) && inRange(at.slice(0, 10))) for (const acc of get(key({ day: at.slice(0, 10), personId }))) acc.newL.add(personId);
    }
    for (const e of firstCompletion.values()) {
      const day = e.at.slice(0, 10);
      if (inRange(day)) for (const acc of get(key({ day, courseId: e.object.courseId, personId: e.personId }))) acc.lessons += 1;
    }
    // A course is completed when all four of its lessons are, on the last of their first completions.
    const courseDone = new Map<string, string[]>();
    for (const e of firstCompletion.values()) {
      const ck = `${e.personId}|${e.object.courseId}`;
      courseDone.set(ck, [...(courseDone.get(ck) ?? []), e.at]);
    }
    for (const [ck, ats] of courseDone) {
      if (ats.length < LESSONS_PER_COURSE) continue;
      const [personId, courseId] = ck.split('|') as [string, string];
      const day = ats.sort().at(-1)!.slice(0, 10);
      if (inRange(day)) for (const acc of get(key({ day, courseId, personId }))) acc.courses += 1;
    }
    for (const a of hub.docs.filter((d) => d.type === 'attendance' && d.kind !== 'cohort') as Doc[]) {
      if (!inRange(a.date)) continue;
      for (const acc of get(['hub', 'country', 'month'].includes(groupBy) ? key({ day: a.date }) : null)) acc.sessions += 1;
      for (const [personId, status] of Object.entries(a.statuses as Record<string, string>)) {
        if (status === 'absent') continue;
        for (const acc of get(groupBy === 'course' ? null : key({ day: a.date, personId }))) acc.attended += 1;
      }
    }
  }
  const r = (v: number, p: number) => Math.round(v * 10 ** p) / 10 ** p;
  const figures = (acc: any, isTotal: boolean) => {
    const gains = [...(acc.typing as Map<string, [string, number][]>).values()]
      .filter((l) => l.length >= 2)
      .map((l) => { const s = [...l].sort((a, b) => (a[0] < b[0] ? -1 : 1)); return s[s.length - 1]![1] - s[0]![1]; });
    return {
      learnersReached: acc.learners.size,
      newLearners: acc.newL.size,
      teachersTrained: acc.teachers.size,
      classSessions: isTotal || ['hub', 'country', 'month'].includes(groupBy) ? acc.sessions : null,
      attendanceHours: isTotal || groupBy !== 'course' ? r(acc.attended * sessionHours, 2) : null,
      learningHours: r(acc.spent / 3_600_000, 2),
      lessonsCompleted: acc.lessons,
      coursesCompleted: acc.courses,
      certificatesIssued: acc.courses,
      averageQuizScore: acc.scores ? r((acc.scoreSum / acc.scores) * 100, 1) : null,
      typingGainWpm: gains.length ? r(gains.reduce((a, b) => a + b, 0) / gains.length, 1) : null,
      events: acc.events,
    };
  };
  return {
    total: figures(total, true),
    groups: [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, acc]) => ({ key: k, figures: figures(acc, false) })),
  };
}

/** Issue 9's trainer figures from the raw documents, by the definitions in
 * server/central-dashboard/trainer-figures.ts, written again plainly. */
export function oracleTrainers(hubs: HubData[], from: string, to: string, groupBy: 'hub' | 'country' | 'month') {
  const inRange = (day: string) => day >= from && day <= to;
  const blank = () => ({ trained: new Set<string>(), completedTraining: new Set<string>(), observed: new Set<string>(), observations: 0, scores: [] as number[], certified: new Set<string>(), levels: new Map<string, Set<string>>() });
  const total = blank();
  const groups = new Map<string, ReturnType<typeof blank>>();
  const levels = new Set<string>();
  const get = (k: string) => {
    if (!groups.has(k)) groups.set(k, blank());
    return [total, groups.get(k)!];
  };
  for (const hub of hubs) {
    const persons = new Map(hub.docs.filter((d) => d.type === 'person').map((d) => [d._id as string, d as Doc]));
    const key = (day: string) => (groupBy === 'hub' ? hub.hubId : groupBy === 'country' ? hub.country : day.slice(0, 7));
    const isTeacher = (id: string) => Boolean(persons.get(id)?.roles.some((r: string) => r === 'teacher' || r === 'trainer'));
    // The teachers' course completed: every lesson's first completion, dated by the last.
    const firsts = new Map<string, Map<string, string>>();
    for (const e of hub.docs as Doc[]) {
      if (e.type !== 'event' || e.verb !== 'completed' || e.object.activityId || e.object.courseId !== TEACHER_COURSE || !isTeacher(e.personId)) continue;
      const lessons = firsts.get(e.personId) ?? new Map<string, string>();
      if (!lessons.has(e.object.lessonId) || e.at < lessons.get(e.object.lessonId)!) lessons.set(e.object.lessonId, e.at);
      firsts.set(e.personId, lessons);
    }
    for (const [personId, lessons] of firsts) {
      if (lessons.size < LESSONS_PER_COURSE) continue;
      const day = [...lessons.values()].sort().at(-1)!.slice(0, 10);
      if (inRange(day)) for (const acc of get(key(day))) acc.completedTraining.add(personId);
    }
    for (const d of hub.docs as Doc[]) {
      if (d.type === 'event' && inRange(d.at.slice(0, 10)) && persons.get(d.personId)?.roles.some((r: string) => r === 'teacher' || r === 'trainer')) {
        for (const acc of get(key(d.at.slice(0, 10)))) acc.trained.add(d.personId);
      }
      if (d.type === 'observation' && inRange(d.date)) {
        for (const acc of get(key(d.date))) {
          acc.observed.add(d.teacherId);
          acc.observations += 1;
          acc.scores.push(d.averageScore);
        }
      }
      if (d.type === 'certification' && d.decision === 'certified' && inRange(d.decidedAt.slice(0, 10))) {
        levels.add(d.levelName);
        for (const acc of get(key(d.decidedAt.slice(0, 10)))) {
          acc.certified.add(d.teacherId);
          if (!acc.levels.has(d.levelName)) acc.levels.set(d.levelName, new Set());
          acc.levels.get(d.levelName)!.add(d.teacherId);
        }
      }
    }
  }
  const figures = (acc: ReturnType<typeof blank>) => ({
    teachersTrained: acc.trained.size,
    teachersCompletedTraining: acc.completedTraining.size,
    teachersObserved: acc.observed.size,
    observations: acc.observations,
    averageObservationScore: acc.scores.length ? Math.round((acc.scores.reduce((a, b) => a + b, 0) / acc.scores.length) * 100) / 100 : null,
    teachersCertified: acc.certified.size,
    certifiedByLevel: Object.fromEntries([...acc.levels.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([l, set]) => [l, set.size])),
  });
  return {
    levels: [...levels].sort(),
    total: figures(total),
    groups: [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, acc]) => ({ key: k, figures: figures(acc) })),
  };
}

/** Learners and completions per library course and hub, from the raw documents. */
export function oracleLibrary(hubs: HubData[], courseIds: string[], from: string, to: string) {
  const inRange = (day: string) => day >= from && day <= to;
  return [...courseIds].sort().map((courseId) => {
    const byHub = hubs
      .map((hub) => {
        const persons = new Map(hub.docs.filter((d) => d.type === 'person').map((d) => [d._id as string, d as Doc]));
        const learners = new Set<string>();
        for (const e of hub.docs as Doc[]) {
          if (e.type !== 'event' || e.object.courseId !== courseId || !inRange(e.at.slice(0, 10))) continue;
          if (!persons.get(e.personId) || persons.get(e.personId)!.roles.includes('learner')) learners.add(e.personId);
        }
        const completions = oracleImpact([hub], from, to, 'course').groups.find((g) => g.key === courseId)?.figures.coursesCompleted ?? 0;
        return { hubId: hub.hubId, learners: learners.size, completions };
      })
      .filter((h) => h.learners > 0 || h.completions > 0)
      .sort((a, b) => (a.hubId < b.hubId ? -1 : 1));
    return { courseId, learners: byHub.reduce((a, h) => a + h.learners, 0), completions: byHub.reduce((a, h) => a + h.completions, 0), hubsUsing: byHub.length, byHub };
  });
}
