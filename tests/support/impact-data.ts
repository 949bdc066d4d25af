// A known data set for central reporting: per hub, people (pseudonymous, with
// gender and age band), events of every verb over several months, attendance
// records, the hub's settings and status; loaded straight into the hub's
// database at central as central's administrator (`_bulk_docs`), as a synced
// hub would have left it; `visit` adds a teacher's work on a truck they visit.
// impact-oracle.ts computes every figure from these raw documents,
// independently of the views, for tests to compare with.
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
export const TEACHER_COURSE = 'teaching-digital-classroom-en';
/** Every course has four lessons, `<courseId>-l1` … `-l4`. */
export const LESSONS_PER_COURSE = 4;
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

/** A teacher of `home` visiting `visited` (issue 9's roaming staff): their events
 * there carry their home person id, and `visited` records the courses they
 * complete there (`course-completion`), as a hub does. Here: the teachers'
 * course done again from the start in the first month, before they finish it
 * at home (so it counts on `visited`, once), and some reading and time spent
 * in the second month. */
export function visit(home: HubData, visited: HubData, months: string[]): HubData {
  const personId = `person:${home.hubId}:t0`;
  const events: Record<string, unknown>[] = [];
  const event = (n: number, verb: string, at: string, object: Record<string, string>, result?: Record<string, unknown>) =>
    events.push({ _id: `event:${visited.hubId}:visit${n}`, type: 'event', personId, verb, object, ...(result ? { result } : {}), at, receivedAt: at, createdAt: at, workstation: '10.0.0.9' });
  for (let l = 1; l <= LESSONS_PER_COURSE; l++) event(l, 'completed', `${months[0]}-0${2 + l}T10:00:00.000Z`, { courseId: TEACHER_COURSE, lessonId: `${TEACHER_COURSE}-l${l}` });
  event(10, 'opened', `${months[1]}-05T09:00:00.000Z`, { courseId: 'reading-2', lessonId: 'reading-2-l1' });
  event(11, 'spent', `${months[1]}-05T09:30:00.000Z`, { courseId: 'reading-2', lessonId: 'reading-2-l1' }, { durationMs: 1_200_000 });
  event(12, 'completed', `${months[1]}-06T09:00:00.000Z`, { courseId: 'reading-2', lessonId: 'reading-2-l1' });
  return { ...visited, docs: [...visited.docs, ...events, ...courseCompletionDocs(visited.hubId, events)] };
}
