// A generated "day in the truck" for the sync bench (issue 7): what a hub's
// database holds at the end of a school day, written as the hub writes it.
//   - the hub's settings document;
//   - 21 learners and a teacher (`person`, pseudonymous: no names — those live
//     in `person-private` documents in the local database, which never travels),
//     each learner edited once during the day (PIN set), so some documents carry
//     a revision history;
//   - two classes, their 42 enrolments, and one attendance document per class
//     session, corrected once (a late arrival);
//   - one new local course: a course draft, its lesson drafts (Markdown and
//     activities copied from the seed curriculum) and its published version;
//   - about `events` learning events (default 10 000) in the shape
//     server/learning/ingest.ts writes: opened / answered / typed / spent /
//     mastered / completed / submitted on the seed curriculum's real lessons
//     and activities, in time order.
// Sign-ins leave `session` documents in the local database, which never travel:
// a day's sign-ins reach central only as the events they produced.
// Deterministic from `seed`: every run of the bench gets documents of the same
// shape and size (only the hub id in the ids differs, always 10 characters).
import path from 'node:path';
import { REPO_ROOT } from '../../server/config.ts';
import { readPackFolder } from '../../content/pack/read-folder.ts';
import { parsePack, type ParsedLesson } from '../../content/pack/parse-pack.ts';
import type { Database } from '../../sync/pouchdb.ts';

export interface DayOptions {
  hubId: string;
  events: number;
  seed?: number;
}

/** mulberry32: a small seeded generator, so datasets are reproducible. */
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

interface Lesson {
  courseId: string;
  lesson: ParsedLesson;
}

let curriculum: Promise<Lesson[]> | null = null;

function seedLessons(): Promise<Lesson[]> {
  curriculum ??= (async () => {
    const parsed = parsePack(await readPackFolder(path.join(REPO_ROOT, 'content', 'seed', 'darasa-seed')));
    if (!parsed.ok) throw new Error('the seed curriculum does not parse');
    return parsed.pack.courses.flatMap((course) => course.modules.flatMap((m) => m.lessons.map((lesson) => ({ courseId: course.meta.id, lesson }))));
  })();
  return curriculum;
}

/** Writes the day into `db` (a hub database, empty). Returns how many documents it wrote. */
export async function writeDayInTheTruck(db: Database, options: DayOptions): Promise<number> {
  const rand = random(options.seed ?? 7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  const base32 = (n: number) => Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz234567'[Math.floor(rand() * 32)]).join('');
  const hubId = options.hubId;
  const dayStart = Date.parse('2026-11-20T05:30:00Z'); // 08:30 in Nairobi
  const localId = (at: number) => `${at.toString(36).padStart(9, '0')}${base32(8)}`;
  const iso = (at: number) => new Date(at).toISOString();
  let written = 0;
  const put = async (docs: object[]) => {
    const results = await db.bulkDocs(docs as never[]);
    const failed = results.find((r) => 'error' in r && r.error);
    if (failed) throw new Error(`could not write the day's data: ${JSON.stringify(failed)}`);
    written += docs.length;
    return results as { id: string; rev: string }[];
  };

  await put([{ _id: `hub:${hubId}:settings`, type: 'hub', createdAt: iso(dayStart - 86_400_000 * 30), name: 'Truck 3 — Kisumu County', country: 'KE', defaultLanguage: 'sw', allowNoPin: true, learnerIdleMinutes: 15, updatedAt: iso(dayStart - 86_400_000 * 30) }]);

  const teacherId = `person:${hubId}:${localId(dayStart - 86_400_000 * 20)}`;
  const learners = Array.from({ length: 21 }, (_, i) => `person:${hubId}:${localId(dayStart - 86_400_000 * 10 + i * 60_000)}`);
  const person = (id: string, roles: string[], i: number) => ({
    _id: id, type: 'person', createdAt: iso(dayStart - 86_400_000 * 10), roles,
    gender: pick(['female', 'male', 'female', 'prefer-not-to-say']), ageBand: pick(['10-14', '15-19', '20-24', '25-34', '35-49']),
    language: pick(['sw', 'en', 'sw']), noPin: i % 7 === 0, hasPin: false, active: true, updatedAt: iso(dayStart - 86_400_000 * 10),
  });
  const people = [person(teacherId, ['teacher'], 1), ...learners.map((id, i) => person(id, ['learner'], i))];
  const peopleRevs = await put(people);
  // During the day each learner sets a PIN: a second revision.
  await put(people.slice(1).map((doc, i) => ({ ...doc, _rev: peopleRevs[i + 1]!.rev, hasPin: true, updatedAt: iso(dayStart + i * 90_000) })));

  const classes = ['Morning: computer basics', 'Afternoon: women entrepreneurs'].map((name, i) => ({
    _id: `class:${hubId}:${localId(dayStart - 86_400_000 * 9 + i)}`, type: 'class', createdAt: iso(dayStart - 86_400_000 * 9), name,
    level: 'beginner', language: 'sw', schedule: i === 0 ? 'Mon–Fri 8:30' : 'Mon–Fri 14:00', visitDates: ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'],
    teacherIds: [teacherId], groups: [{ id: 'g1', name: 'Group A', learnerIds: learners.slice(0, 10) }, { id: 'g2', name: 'Group B', learnerIds: learners.slice(10) }],
    updatedAt: iso(dayStart - 86_400_000 * 9),
  }));
  await put(classes);
  await put(classes.flatMap((c) => learners.map((p) => ({
    _id: `enrolment:${hubId}:${c._id.split(':')[2]}.${p.split(':')[1]}.${p.split(':')[2]}`, type: 'enrolment', createdAt: c.createdAt, classId: c._id, personId: p, active: true, updatedAt: c.createdAt,
  }))));
  const attendance = classes.map((c, i) => ({
    _id: `attendance:${hubId}:${localId(dayStart + i * 5.5 * 3_600_000)}`, type: 'attendance', createdAt: iso(dayStart + i * 5.5 * 3_600_000), classId: c._id, date: '2026-11-20',
    place: 'Kondele market', teacherId, statuses: Object.fromEntries(learners.map((p, k) => [p, k % 9 === 0 ? 'absent' : 'present'])), updatedAt: iso(dayStart + i * 5.5 * 3_600_000),
  }));
  const attendanceRevs = await put(attendance);
  await put(attendance.map((doc, i) => ({ ...doc, _rev: attendanceRevs[i]!.rev, statuses: { ...doc.statuses, [learners[0]!]: 'late' }, updatedAt: iso(Date.parse(doc.createdAt) + 1_200_000) })));

  // One new local course, adapted from the seed's Computer basics (English).
  const lessons = await seedLessons();
  const source = lessons.filter((l) => l.courseId === 'computer-basics-en');
  const courseId = `${hubId}-market-computers`;
  const editor = { id: teacherId, name: 'Teacher' };
  const lessonDrafts = source.map(({ lesson }, i) => ({
    _id: `lesson-draft:${hubId}:${courseId}-l${i + 1}`, type: 'lesson-draft', createdAt: iso(dayStart + 3_600_000), lessonId: `${courseId}-l${i + 1}`, courseId,
    title: `${lesson.title} (market traders)`, estimatedMinutes: lesson.estimatedMinutes,
    blocks: [{ type: 'text', markdown: lesson.body }, ...lesson.activities.map((activity) => ({ type: 'activity', activity: { ...activity, id: `${courseId}-l${i + 1}-${activity.id}` } }))],
    media: {}, updatedAt: iso(dayStart + 3_600_000 + i * 600_000), updatedBy: editor,
  }));
  const course = {
    _id: `course-draft:${hubId}:${courseId}`, type: 'course-draft', createdAt: iso(dayStart + 3_600_000), courseId,
    meta: { title: 'Computers for market traders', language: 'en', level: 'beginner', tags: ['digital-literacy', 'entrepreneurs'], summary: 'The computer basics course, with examples from the market.' },
    description: 'Adapted on this truck from Computer basics for the women entrepreneurs of Kondele market.',
    modules: [{ id: `${courseId}-m1`, title: 'Getting started', lessonIds: lessonDrafts.map((l) => l.lessonId) }], publishedVersion: 1, updatedAt: iso(dayStart + 7_200_000), updatedBy: editor,
  };
  await put([course, ...lessonDrafts, {
    _id: `course-version:${hubId}:${courseId}.00001`, type: 'course-version', createdAt: iso(dayStart + 7_200_000), courseId, version: 1, publishedAt: iso(dayStart + 7_200_000), publishedBy: editor,
    course: { meta: course.meta, description: course.description, modules: course.modules },
    lessons: lessonDrafts.map(({ _id, type, createdAt, updatedAt, updatedBy, ...snapshot }) => snapshot),
  }]);

  // The events: each learner works through lessons, one action every ~20 s of class time.
  const day = options.events;
  const workstations = learners.map((_, i) => `192.168.8.${101 + i}`);
  const position = learners.map((_, i) => ({ lesson: (i * 3) % lessons.length, step: -1, spent: 0 }));
  const span = 7 * 3_600_000;
  let batch: object[] = [];
  for (let n = 0; n < day; n++) {
    const k = n % learners.length;
    const at = dayStart + Math.floor((n / day) * span) + Math.floor(rand() * 4000);
    const state = position[k]!;
    const { courseId: course_, lesson } = lessons[state.lesson]!;
    const object: { courseId: string; lessonId: string; activityId?: string } = { courseId: course_, lessonId: lesson.id };
    let verb: string;
    let result: Record<string, unknown> | undefined;
    if (state.step < 0) {
      verb = 'opened';
      state.step = 0;
    } else if (state.step >= lesson.activities.length) {
      verb = lesson.quiz && state.spent === 0 ? 'submitted' : 'completed';
      result = verb === 'submitted' ? { score: Math.round(rand() * 100) / 100 } : { durationMs: 300_000 + Math.floor(rand() * 900_000) };
      state.lesson = (state.lesson + 1) % lessons.length;
      state.step = -1;
      state.spent = 0;
    } else if (rand() < 0.15) {
      verb = 'spent';
      result = { durationMs: 30_000 + Math.floor(rand() * 60_000) };
      state.spent += 1;
    } else {
      const activity = lesson.activities[state.step]!;
      object.activityId = activity.id;
      const correct = rand() < 0.7;
      if (activity.kind === 'typing') {
        verb = 'typed';
        const text = activity.text.slice(0, 40 + Math.floor(rand() * 80));
        result = { response: { typed: text, durationMs: 20_000 + Math.floor(rand() * 40_000) }, wpm: 8 + Math.floor(rand() * 30), accuracy: Math.round((0.7 + rand() * 0.3) * 100) / 100, correct };
      } else {
        verb = rand() < 0.1 ? 'mastered' : 'answered';
        const response = {
          'single-choice': () => ({ choice: Math.floor(rand() * 4) }),
          'multiple-choice': () => ({ choices: [0, 2].slice(0, 1 + Math.floor(rand() * 2)) }),
          'true-false': () => ({ value: rand() < 0.5 }),
          'short-text': () => ({ text: pick(['folder', 'password', 'browser', 'mouse', 'kompyuta']) }),
          numeric: () => ({ value: Math.floor(rand() * 100) }),
          ordering: () => ({ items: [2, 0, 1, 3] }),
          matching: () => ({ pairs: [[0, 1], [1, 0], [2, 2]] }),
          coding: () => ({ code: 'name = input("Jina lako? ")\nprint("Habari", name)\nfor i in range(3):\n    print(i)' }),
          typing: () => ({}),
        }[activity.kind]();
        result = verb === 'mastered' ? undefined : { response, correct, score: correct ? 1 : 0 };
      }
      if (correct || rand() < 0.4) state.step += 1;
    }
    const id = uuid();
    batch.push({
      _id: `event:${hubId}:${id}`, type: 'event', createdAt: iso(at), personId: learners[k], verb, object, ...(result ? { result } : {}),
      at: iso(at), receivedAt: iso(at + 40 + Math.floor(rand() * 200)), workstation: workstations[k],
    });
    if (batch.length === 200) {
      await put(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await put(batch);
  return written;
}
