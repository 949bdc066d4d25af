// The class report, computed by ONE function (computeReport) from the class's
// learners, the lessons it covers, their events and the sessions. The JSON
// answer, the CSV export (report-csv.ts) and the printable page all show this
// object's figures, so screen, spreadsheet and paper cannot disagree. Every
// figure is rounded here (whole percents, whole minutes), never later.
//   grid       learners × activities: mastered / tried / struggling (≥ 3 wrong
//              answers, not mastered) / not started, with attempts and best score;
//              learners × lessons: completed / started / not started
//   quizzes    best score per learner, class average, passes, the questions most missed
//   attendance sessions in the range, present / late / absent per learner
//   time       the sum of `spent` durations; typing: `typed` events (wpm)
// Pure and synchronous: the same input always gives the same report.
import { Type, type Static } from 'typebox';
import type { Activity } from '../../content/model/activities.ts';
import type { LessonDoc } from '../../sync/content-documents.ts';
import type { AttendanceDoc, EventDoc } from '../../sync/documents.ts';
import { isMastered, type Attempt } from '../learning/mastery.ts';
import { marksOf } from './quiz-marks.ts';

export const STRUGGLING_FAILURES = 3;
const DEFAULT_PASS_SCORE = 0.6;
const MOST_MISSED = 5;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const CellStatus = Type.Union([Type.Literal('mastered'), Type.Literal('tried'), Type.Literal('struggling'), Type.Literal('none')]);
const LessonStatus = Type.Union([Type.Literal('completed'), Type.Literal('started'), Type.Literal('none')]);

export const Report = Type.Object({
  classId: Type.String(),
  className: Type.String(),
  filters: Type.Object({ group: Nullable(Type.Object({ id: Type.String(), name: Type.String() })), from: Nullable(Type.String()), to: Nullable(Type.String()) }),
  generatedAt: Type.String(),
  lessons: Type.Array(Type.Object({ lessonId: Type.String(), courseId: Type.String(), title: Type.String(), quiz: Type.Boolean(), activityIds: Type.Array(Type.String()) })),
  activities: Type.Array(Type.Object({ id: Type.String(), lessonId: Type.String(), kind: Type.String(), prompt: Type.String() })),
  learners: Type.Array(Type.Object({
    personId: Type.String(),
    name: Type.String(),
    groups: Type.Array(Type.String()),
    lessonsCompleted: Type.Integer(),
    activitiesMastered: Type.Integer(),
    activitiesTried: Type.Integer(),
    attempts: Type.Integer({ description: 'answers given to these activities (quiz answers included)' }),
    quizAveragePercent: Nullable(Type.Integer({ description: 'mean of the best score of each quiz submitted' })),
    timeLearntMinutes: Type.Integer({ description: 'sum of `spent` durations in the range, any lesson' }),
    typingPractices: Type.Integer(),
    typingBestWpm: Nullable(Type.Number()),
    typingLatestWpm: Nullable(Type.Number()),
    present: Type.Integer(),
    late: Type.Integer(),
    absent: Type.Integer(),
    lessons: Type.Array(LessonStatus, { description: 'one per entry of `lessons`' }),
    quizzes: Type.Array(Nullable(Type.Integer()), { description: 'best percent, one per quiz lesson in `lessons` order' }),
    cells: Type.Array(Type.Object({ status: CellStatus, attempts: Type.Integer(), bestPercent: Nullable(Type.Integer()) }), { description: 'one per entry of `activities`' }),
  })),
  quizzes: Type.Array(Type.Object({
    lessonId: Type.String(),
    title: Type.String(),
    submissions: Type.Integer(),
    learnersSubmitted: Type.Integer(),
    averageBestPercent: Nullable(Type.Integer()),
    passed: Type.Integer(),
    mostMissed: Type.Array(Type.Object({ activityId: Type.String(), prompt: Type.String(), missed: Type.Integer(), marked: Type.Integer() })),
  })),
  sessions: Type.Array(Type.Object({ date: Type.String(), place: Nullable(Type.String()), present: Type.Integer(), late: Type.Integer(), absent: Type.Integer(), statuses: Type.Record(Type.String(), Type.String()) })),
}, { title: 'ClassReport' });
export type Report = Static<typeof Report>;
type LearnerRow = Report['learners'][number];

export interface ReportInput {
  classId: string;
  className: string;
  group: { id: string; name: string } | null;
  from: string | null;
  to: string | null;
  learners: { id: string; name: string; groups: string[] }[];
  lessons: LessonDoc[];
  /** Each learner's events, in time order. */
  events: ReadonlyMap<string, readonly EventDoc[]>;
  sessions: readonly AttendanceDoc[];
  now?: Date;
  /** A key for a learner's part that changes whenever their events, the columns
   * or the days do; with `parts`, unchanged learners are not recomputed. */
  partKey?: (learnerId: string) => string;
  parts?: { get(key: string): LearnerPart | undefined; set(key: string, part: LearnerPart): void };
}

/** What one learner's events give: their figures and their share of the quiz tallies. */
export interface LearnerPart {
  figures: Omit<LearnerRow, 'personId' | 'name' | 'groups' | 'present' | 'late' | 'absent'>;
  submissions: number[];
  tallies: Map<string, { missed: number; marked: number }>[];
}

const percent = (score: number) => Math.round(score * 100);
const shortText = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

export function inRange(day: string, from: string | null, to: string | null): boolean {
  return (!from || day >= from) && (!to || day <= to);
}

export function computeReport(input: ReportInput): Report {
  const { from, to } = input;
  const activityList = input.lessons.flatMap((lesson) => lesson.activities.map((activity) => ({ activity, lesson })));
  const activityIndex = new Map(activityList.map((entry, i) => [entry.activity.id, i]));
  const activitiesById = new Map<string, Activity>(activityList.map((e) => [e.activity.id, e.activity]));
  const lessonIndex = new Map(input.lessons.map((lesson, i) => [lesson.lessonId, i]));
  const quizLessons = input.lessons.filter((lesson) => lesson.quiz);
  const quizIndex = new Map(quizLessons.map((lesson, i) => [lesson.lessonId, i]));
  const sessions = input.sessions.filter((s) => inRange(s.date, from, to)).sort((a, b) => (a.date < b.date ? -1 : 1));
  const missed = quizLessons.map(() => new Map<string, { missed: number; marked: number }>());
  const quizSubmissions = quizLessons.map(() => 0);

  // What one learner's events give, for these columns and days: cached by the
  // caller under a key that changes with the learner's events (report-service.ts).
  const partOf = (learnerId: string): LearnerPart => {
    const attempts: Attempt[][] = activityList.map(() => []);
    const lessonState: ('completed' | 'started' | 'none')[] = input.lessons.map(() => 'none');
    const quizBest: (number | null)[] = quizLessons.map(() => null);
    const submissions = quizLessons.map(() => 0);
    const tallies = quizLessons.map(() => new Map<string, { missed: number; marked: number }>());
    let timeMs = 0;
    const typing: number[] = [];
    for (const event of input.events.get(learnerId) ?? []) {
      if (!inRange(event.at.slice(0, 10), from, to)) continue;
      const result = event.result ?? {};
      if (event.verb === 'spent') timeMs += result.durationMs ?? 0;
      if (event.verb === 'typed') typing.push(result.wpm ?? 0);
      const li = lessonIndex.get(event.object.lessonId);
      if (li === undefined || input.lessons[li]!.courseId !== event.object.courseId) continue;
      if (event.verb === 'completed' && !event.object.activityId) lessonState[li] = 'completed';
      else if (lessonState[li] === 'none') lessonState[li] = 'started';
      const ai = event.object.activityId ? activityIndex.get(event.object.activityId) : undefined;
      if (ai !== undefined && event.verb === 'answered') {
        const score = result.score ?? (result.correct ? 1 : 0);
        attempts[ai]!.push({ at: event.at, correct: result.correct ?? score === 1, score });
      } else if (ai !== undefined && event.verb === 'typed') {
        attempts[ai]!.push({ at: event.at, correct: true, score: result.accuracy ?? 0 });
      } else if (event.verb === 'submitted') {
        const qi = quizIndex.get(event.object.lessonId);
        if (qi === undefined) continue;
        submissions[qi]!++;
        const marks = marksOf(event, activitiesById);
        // Sent without a score when the learner's results were held back: the hub's marks make it.
        const quizActivities = input.lessons[li]!.activities.length || 1;
        const score = result.score ?? Math.round(([...marks.values()].reduce((sum, m) => sum + m.score, 0) / quizActivities) * 1000) / 1000;
        quizBest[qi] = Math.max(quizBest[qi] ?? 0, score);
        for (const [activityId, mark] of marks) {
          const index = activityIndex.get(activityId);
          if (index !== undefined) attempts[index]!.push({ at: event.at, correct: mark.correct, score: mark.score });
          const tally = tallies[qi]!.get(activityId) ?? { missed: 0, marked: 0 };
          tally.marked++;
          if (!mark.correct) tally.missed++;
          tallies[qi]!.set(activityId, tally);
        }
      }
    }
    const cells = activityList.map(({ activity }, i) => {
      const list = attempts[i]!;
      const mastered = list.length > 0 && isMastered(activity.mastery, list);
      let failures = 0;
      let best = 0;
      for (const a of list) {
        if (!a.correct) failures++;
        if (a.score > best) best = a.score;
      }
      const status = mastered ? 'mastered' : failures >= STRUGGLING_FAILURES ? 'struggling' : list.length > 0 ? 'tried' : 'none';
      return { status, attempts: list.length, bestPercent: list.length > 0 ? percent(best) : null } as LearnerRow['cells'][number];
    });
    const taken = quizBest.filter((score): score is number => score !== null);
    return {
      figures: {
        lessonsCompleted: lessonState.filter((s) => s === 'completed').length,
        activitiesMastered: cells.filter((c) => c.status === 'mastered').length,
        activitiesTried: cells.filter((c) => c.status !== 'none').length,
        attempts: cells.reduce((sum, c) => sum + c.attempts, 0),
        quizAveragePercent: taken.length > 0 ? percent(taken.reduce((a, b) => a + b, 0) / taken.length) : null,
        timeLearntMinutes: Math.round(timeMs / 60_000),
        typingPractices: typing.length,
        typingBestWpm: typing.length > 0 ? Math.max(...typing) : null,
        typingLatestWpm: typing.length > 0 ? typing[typing.length - 1]! : null,
        lessons: lessonState,
        quizzes: quizBest.map((score) => (score === null ? null : percent(score))),
        cells,
      },
      submissions,
      tallies,
    };
  };

  const learners: LearnerRow[] = input.learners.map((learner) => {
    const key = input.partKey?.(learner.id);
    let part = key ? input.parts?.get(key) : undefined;
    if (!part) {
      part = partOf(learner.id);
      if (key) input.parts?.set(key, part);
    }
    part.submissions.forEach((n, qi) => (quizSubmissions[qi]! += n));
    part.tallies.forEach((tallies, qi) => {
      for (const [activityId, t] of tallies) {
        const sum = missed[qi]!.get(activityId) ?? { missed: 0, marked: 0 };
        missed[qi]!.set(activityId, { missed: sum.missed + t.missed, marked: sum.marked + t.marked });
      }
    });
    const count = (status: string) => sessions.filter((s) => s.statuses[learner.id] === status).length;
    const { lessons, quizzes, cells, ...figures } = part.figures;
    return { personId: learner.id, name: learner.name, groups: learner.groups, ...figures, present: count('present'), late: count('late'), absent: count('absent'), lessons, quizzes, cells };
  });

  const quizzes = quizLessons.map((lesson, qi) => {
    const bests = learners.map((l) => l.quizzes[qi]).filter((p): p is number => p !== null && p !== undefined);
    const pass = percent(lesson.quiz?.passScore ?? DEFAULT_PASS_SCORE);
    const prompts = new Map(lesson.activities.map((a) => [a.id, a.prompt]));
    return {
      lessonId: lesson.lessonId,
      title: lesson.title,
      submissions: quizSubmissions[qi]!,
      learnersSubmitted: bests.length,
      averageBestPercent: bests.length > 0 ? Math.round(bests.reduce((a, b) => a + b, 0) / bests.length) : null,
      passed: bests.filter((p) => p >= pass).length,
      mostMissed: [...missed[qi]!.entries()]
        .filter(([, t]) => t.missed > 0)
        .sort((a, b) => b[1].missed - a[1].missed || a[0].localeCompare(b[0]))
        .slice(0, MOST_MISSED)
        .map(([activityId, t]) => ({ activityId, prompt: shortText(prompts.get(activityId) ?? activityId), ...t })),
    };
  });

  const learnerIds = new Set(input.learners.map((l) => l.id));
  return {
    classId: input.classId,
    className: input.className,
    filters: { group: input.group, from, to },
    generatedAt: (input.now ?? new Date()).toISOString(),
    lessons: input.lessons.map((lesson) => ({ lessonId: lesson.lessonId, courseId: lesson.courseId, title: lesson.title, quiz: Boolean(lesson.quiz), activityIds: lesson.activities.map((a) => a.id) })),
    activities: activityList.map(({ activity, lesson }) => ({ id: activity.id, lessonId: lesson.lessonId, kind: activity.kind, prompt: shortText(activity.prompt) })),
    learners,
    quizzes,
    sessions: sessions.map((s) => {
      const statuses = Object.fromEntries(Object.entries(s.statuses).filter(([id]) => learnerIds.has(id)));
      const values = Object.values(statuses);
      return { date: s.date, place: s.place ?? null, present: values.filter((v) => v === 'present').length, late: values.filter((v) => v === 'late').length, absent: values.filter((v) => v === 'absent').length, statuses };
    }),
  };
}
