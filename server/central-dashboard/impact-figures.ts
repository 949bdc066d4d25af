// The impact figures, combined from the view rows of every hub
// (sync/central/impact-views.ts). Pure: the same rows give the same figures,
// so a test can compare them with figures computed from raw events.
//
// Definitions (README "Central reporting"):
//   learnersReached   distinct people with a learner role (or not yet known
//                     at central) who have any event in the range
//   newLearners       of those, whose first event ever (in that course, when
//                     grouped by course) falls in the range
//   teachersTrained   distinct teachers or trainers with any event in the range
//   classSessions     attendance records (one per class session) dated in the range
//   attendanceHours   learners present or late × the assumed session length
//   learningHours     the sum of `spent` durations
//   lessonsCompleted  first completions of a lesson by a person in the range
//   coursesCompleted  courses completed in the range: a hub records the fact
//                     (`course-completion`, one per person and course) when a
//                     person's events complete every live lesson of a course,
//                     dated like the certificate (the latest first completion)
// A person is one person across the programme (programme-wide.ts): their
// facts come from their home hub's record wherever they learn, and a lesson or
// course completed on two trucks counts once, where and when it came first.
//   certificatesIssued of those, the ones the hub issued a certificate for
//                     (every completed course today, server/learning/certificates.ts)
//   averageQuizScore  mean of `submitted` scores, in percent
//   typingGainWpm     mean over learners with two typing results or more in
//                     the range of (last wpm − first wpm)
//   events            all events in the range
// A figure that has no meaning for a group (class sessions per course or per
// gender: a session has neither) is null in that group; totals carry it.

import { firstCourseCompletions, firstLessonCompletions, firstSeenAnywhere, firstSeenInCourse, programmePersons } from './programme-wide.ts';

export const GROUP_BY = ['hub', 'country', 'course', 'month', 'gender', 'ageBand'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface PersonFacts {
  roles: string[];
  gender: string | null;
  ageBand: string | null;
}

export interface HubRows {
  hubId: string;
  country: string | null;
  /** [day or month (YYYY-MM-DD or YYYY-MM), personId, courseId] → [events, spent ms, quiz score sum, quiz scores]. */
  activity: { key: [string, string, string]; value: [number, number, number, number] }[];
  firstSeen: { key: [string, string]; value: { min: number } }[];
  completions: { key: [string, string, string]; value: { min: number } }[];
  typing: { key: [string, string]; value: [string, number, string] }[];
  persons: Map<string, PersonFacts>;
  attendance: { key: [string, string, string | null] }[];
  /** [day completed, personId, courseId] → [1 with a certificate, 1 for a course written for teachers]. */
  courseCompletions: { key: [string, string, string]; value: [number, number] }[];
  /** [session day, teacherId] → average score. */
  observations: { key: [string, string]; value: number | null }[];
  /** [day decided, teacherId] → [levelId, level name]; decisions 'certified' only. */
  certifications: { key: [string, string]; value: [string, string] }[];
}

export interface Figures {
  learnersReached: number;
  newLearners: number;
  teachersTrained: number;
  classSessions: number | null;
  attendanceHours: number | null;
  learningHours: number;
  lessonsCompleted: number;
  coursesCompleted: number;
  certificatesIssued: number;
  averageQuizScore: number | null;
  typingGainWpm: number | null;
  events: number;
}

export const FIGURE_NAMES: (keyof Figures)[] = [
  'learnersReached',
  'newLearners',
  'teachersTrained',
  'classSessions',
  'attendanceHours',
  'learningHours',
  'lessonsCompleted',
  'coursesCompleted',
  'certificatesIssued',
  'averageQuizScore',
  'typingGainWpm',
  'events',
];

interface Acc {
  learners: Set<string>;
  teachers: Set<string>;
  newLearners: Set<string>;
  sessions: number;
  attended: number;
  sessionsApply: boolean;
  spentMs: number;
  lessons: number;
  courses: number;
  certificates: number;
  scoreSum: number;
  scores: number;
  typing: Map<string, { first: [string, number]; last: [string, number] }>;
  events: number;
}

function newAcc(): Acc {
  return { learners: new Set(), teachers: new Set(), newLearners: new Set(), sessions: 0, attended: 0, sessionsApply: false, spentMs: 0, lessons: 0, courses: 0, certificates: 0, scoreSum: 0, scores: 0, typing: new Map(), events: 0 };
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

export interface ImpactOptions {
  from: string;
  to: string;
  groupBy: GroupBy;
  /** Hours a class session is counted for (attendance records carry no length). */
  sessionHours: number;
  /** Facts of people whose home hub is not among the hubs combined (programme-wide.ts). */
  persons?: ReadonlyMap<string, PersonFacts>;
}

export interface ImpactGroups {
  total: Figures;
  groups: { key: string; figures: Figures }[];
}

const UNKNOWN = 'unknown';

function isTeacher(person: PersonFacts | undefined): boolean {
  return Boolean(person?.roles.some((role) => role === 'teacher' || role === 'trainer'));
}

/** Unknown people (their record not at central yet) count as learners. */
function isLearner(person: PersonFacts | undefined): boolean {
  return !person || person.roles.includes('learner') || person.roles.length === 0;
}

export function combineImpact(hubs: readonly HubRows[], options: ImpactOptions): ImpactGroups {
  const { from, to, groupBy } = options;
  const fromMs = Date.parse(`${from}T00:00:00.000Z`);
  const toMs = Date.parse(`${to}T00:00:00.000Z`) + 86_400_000;
  const total = newAcc();
  total.sessionsApply = true;
  const groups = new Map<string, Acc>();
  const sessionsApply = groupBy === 'hub' || groupBy === 'country' || groupBy === 'month';

  const accs = (key: string | null): Acc[] => {
    if (key === null) return [total];
    let acc = groups.get(key);
    if (!acc) {
      acc = newAcc();
      acc.sessionsApply = sessionsApply;
      groups.set(key, acc);
    }
    return [total, acc];
  };

  const persons = programmePersons(hubs, options.persons);
  const keyOf = (hub: HubRows, fact: { day?: string; courseId?: string | null; personId?: string | null }): string | null => {
    const person = fact.personId ? persons.get(fact.personId) : undefined;
    switch (groupBy) {
      case 'hub':
        return hub.hubId;
      case 'country':
        return hub.country ?? UNKNOWN;
      case 'course':
        return fact.courseId ?? null;
      case 'month':
        return fact.day ? fact.day.slice(0, 7) : null;
      case 'gender':
        return fact.personId ? (person?.gender ?? UNKNOWN) : null;
      case 'ageBand':
        return fact.personId ? (person?.ageBand ?? UNKNOWN) : null;
    }
  };
  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const inRange = (ms: number) => ms >= fromMs && ms < toMs;

  // New learners: the first event in a course (course grouping) or anywhere, on any hub.
  if (groupBy === 'course') {
    for (const { row } of firstSeenInCourse(hubs)) {
      const [personId, courseId] = row.key;
      if (isLearner(persons.get(personId)) && inRange(row.value.min)) for (const acc of accs(courseId)) if (acc !== total) acc.newLearners.add(personId);
    }
  }
  for (const { hub, row } of firstSeenAnywhere(hubs)) {
    const personId = row.key[0];
    if (!isLearner(persons.get(personId)) || !inRange(row.value.min)) continue;
    if (groupBy === 'course') total.newLearners.add(personId);
    else for (const acc of accs(keyOf(hub, { day: dayOf(row.value.min), personId }))) acc.newLearners.add(personId);
  }

  for (const { hub, row } of firstLessonCompletions(hubs)) {
    const [courseId, personId] = row.key;
    if (inRange(row.value.min)) for (const acc of accs(keyOf(hub, { day: dayOf(row.value.min), courseId, personId }))) acc.lessons += 1;
  }

  for (const { hub, row } of firstCourseCompletions(hubs)) {
    const [day, personId, courseId] = row.key;
    if (day < from || day > to) continue;
    for (const acc of accs(keyOf(hub, { day, courseId, personId }))) {
      acc.courses += 1;
      acc.certificates += row.value[0];
    }
  }

  for (const hub of hubs) {
    for (const { key, value } of hub.activity) {
      const [day, personId, courseId] = key;
      const person = persons.get(personId);
      for (const acc of accs(keyOf(hub, { day, courseId, personId }))) {
        if (isLearner(person)) acc.learners.add(personId);
        if (isTeacher(person)) acc.teachers.add(personId);
        acc.events += value[0];
        acc.spentMs += value[1];
        acc.scoreSum += value[2];
        acc.scores += value[3];
      }
    }

    for (const { key, value } of hub.typing) {
      const [day, personId] = key;
      const [at, wpm, courseId] = value;
      for (const acc of accs(keyOf(hub, { day, courseId, personId }))) {
        const seen = acc.typing.get(personId);
        if (!seen) acc.typing.set(personId, { first: [at, wpm], last: [at, wpm] });
        else {
          if (at < seen.first[0]) seen.first = [at, wpm];
          if (at >= seen.last[0]) seen.last = [at, wpm];
        }
      }
    }

    for (const { key } of hub.attendance) {
      const [day, , personId] = key;
      if (personId === null) {
        const groupKey = sessionsApply ? keyOf(hub, { day }) : null;
        for (const acc of accs(groupKey)) acc.sessions += 1;
      } else {
        const groupKey = groupBy === 'course' ? null : keyOf(hub, { day, personId });
        for (const acc of accs(groupKey)) acc.attended += 1;
      }
    }
  }

  const attendanceApplies = groupBy !== 'course';
  const figures = (acc: Acc, isTotal: boolean): Figures => {
    const gains = [...acc.typing.values()].filter((t) => t.first[0] !== t.last[0]).map((t) => t.last[1] - t.first[1]);
    return {
      learnersReached: acc.learners.size,
      newLearners: acc.newLearners.size,
      teachersTrained: acc.teachers.size,
      classSessions: isTotal || acc.sessionsApply ? acc.sessions : null,
      attendanceHours: isTotal || attendanceApplies ? round(acc.attended * options.sessionHours, 2) : null,
      learningHours: round(acc.spentMs / 3_600_000, 2),
      lessonsCompleted: acc.lessons,
      coursesCompleted: acc.courses,
      certificatesIssued: acc.certificates,
      averageQuizScore: acc.scores ? round((acc.scoreSum / acc.scores) * 100, 1) : null,
      typingGainWpm: gains.length ? round(gains.reduce((a, b) => a + b, 0) / gains.length, 1) : null,
      events: acc.events,
    };
  };

  return {
    total: figures(total, true),
    groups: [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, acc]) => ({ key, figures: figures(acc, false) })),
  };
}
