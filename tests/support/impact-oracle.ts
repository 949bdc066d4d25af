// Every central-reporting figure computed again from the raw documents of the
// known data set (impact-data.ts), plainly and independently of the views, by
// the definitions in server/central-dashboard/{impact,trainer,library}-figures.ts
// and programme-wide.ts, for tests to compare with the API:
//   - a person's facts come from their record, whichever hub holds it (a
//     visiting teacher is a teacher on the truck they visit);
//   - each hub completes a course from its own events (every lesson's first
//     completion there, dated by the last), and a course or a lesson completed
//     on two hubs counts once, on the day and hub it came first (a tie: the
//     first hub by id);
//   - a person is new on the day and hub of their first event anywhere.
import { LESSONS_PER_COURSE, TEACHER_COURSE, type HubData } from './impact-data.ts';

type Doc = Record<string, any>;

interface First {
  hub: HubData;
  at: string;
}

/** Keeps the earliest (ties: the first hub by id). */
function earlier(map: Map<string, First>, key: string, hub: HubData, at: string): void {
  const seen = map.get(key);
  if (!seen || at < seen.at || (at === seen.at && hub.hubId < seen.hub.hubId)) map.set(key, { hub, at });
}

function personsOf(hubs: HubData[]): Map<string, Doc> {
  return new Map(hubs.flatMap((hub) => hub.docs.filter((d) => d.type === 'person').map((d) => [d._id as string, d as Doc] as const)));
}

const eventsOf = (hub: HubData) => (hub.docs.filter((d) => d.type === 'event') as Doc[]).sort((a, b) => (a.at < b.at ? -1 : 1));
const isLessonCompletion = (e: Doc) => e.verb === 'completed' && !e.object.activityId;

/** `personId|courseId` → the day and hub of the course's first completion. */
function courseCompletions(hubs: HubData[]): Map<string, First> {
  const firsts = new Map<string, First>();
  for (const hub of hubs) {
    const lessons = new Map<string, Map<string, string>>();
    for (const e of eventsOf(hub)) {
      if (!isLessonCompletion(e)) continue;
      const ck = `${e.personId}|${e.object.courseId}`;
      const done = lessons.get(ck) ?? new Map<string, string>();
      if (!done.has(e.object.lessonId)) done.set(e.object.lessonId, e.at);
      lessons.set(ck, done);
    }
    for (const [ck, done] of lessons) {
      if (done.size >= LESSONS_PER_COURSE) earlier(firsts, ck, hub, [...done.values()].sort().at(-1)!.slice(0, 10));
    }
  }
  return firsts;
}

/** The impact figures of `hubs`; `everyone` holds the records of people visiting from other hubs. */
export function oracleImpact(hubs: HubData[], from: string, to: string, groupBy: string, sessionHours = 1, everyone: HubData[] = hubs) {
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
  const persons = personsOf(everyone);
  const learner = (id: string) => !persons.get(id) || (persons.get(id)!.roles as string[]).includes('learner');
  const teacher = (id: string) => Boolean(persons.get(id)?.roles.some((r: string) => r === 'teacher' || r === 'trainer'));
  const key = (hub: HubData, f: { day?: string; courseId?: string; personId?: string }): string | null => {
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
  const firstByCourse = new Map<string, First>();
  const first = new Map<string, First>();
  const firstLesson = new Map<string, First>();
  for (const hub of hubs) {
    for (const e of eventsOf(hub)) {
      earlier(firstByCourse, `${e.personId}|${e.object.courseId}`, hub, e.at);
      earlier(first, e.personId, hub, e.at);
      if (isLessonCompletion(e)) earlier(firstLesson, `${e.object.courseId}|${e.personId}|${e.object.lessonId}`, hub, e.at);
      const day = e.at.slice(0, 10);
      if (!inRange(day)) continue;
      for (const acc of get(key(hub, { day, courseId: e.object.courseId, personId: e.personId }))) {
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
    for (const a of hub.docs.filter((d) => d.type === 'attendance' && d.kind !== 'cohort') as Doc[]) {
      if (!inRange(a.date)) continue;
      for (const acc of get(['hub', 'country', 'month'].includes(groupBy) ? key(hub, { day: a.date }) : null)) acc.sessions += 1;
      for (const [personId, status] of Object.entries(a.statuses as Record<string, string>)) {
        if (status === 'absent') continue;
        for (const acc of get(groupBy === 'course' ? null : key(hub, { day: a.date, personId }))) acc.attended += 1;
      }
    }
  }
  if (groupBy === 'course') {
    for (const [ck, { at }] of firstByCourse) {
      const [personId, courseId] = ck.split('|') as [string, string];
      if (learner(personId) && inRange(at.slice(0, 10))) get(courseId)[1].newL.add(personId);
    }
    for (const [personId, { at }] of first) if (learner(personId) && inRange(at.slice(0, 10))) total.newL.add(personId);
  } else {
    for (const [personId, { hub, at }] of first) if (learner(personId) && inRange(at.slice(0, 10))) for (const acc of get(key(hub, { day: at.slice(0, 10), personId }))) acc.newL.add(personId);
  }
  for (const [lk, { hub, at }] of firstLesson) {
    const [courseId, personId] = lk.split('|') as [string, string];
    const day = at.slice(0, 10);
    if (inRange(day)) for (const acc of get(key(hub, { day, courseId, personId }))) acc.lessons += 1;
  }
  for (const [ck, { hub, at: day }] of courseCompletions(hubs)) {
    const [personId, courseId] = ck.split('|') as [string, string];
    if (inRange(day)) for (const acc of get(key(hub, { day, courseId, personId }))) acc.courses += 1;
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

/** Issue 9's trainer figures of `hubs`; `everyone` as for oracleImpact. */
export function oracleTrainers(hubs: HubData[], from: string, to: string, groupBy: 'hub' | 'country' | 'month', everyone: HubData[] = hubs) {
  const inRange = (day: string) => day >= from && day <= to;
  const blank = () => ({ trained: new Set<string>(), completedTraining: new Set<string>(), observed: new Set<string>(), observations: 0, scores: [] as number[], certified: new Set<string>(), levels: new Map<string, Set<string>>() });
  const total = blank();
  const groups = new Map<string, ReturnType<typeof blank>>();
  const levels = new Set<string>();
  const get = (k: string) => {
    if (!groups.has(k)) groups.set(k, blank());
    return [total, groups.get(k)!];
  };
  const persons = personsOf(everyone);
  const isTeacher = (id: string) => Boolean(persons.get(id)?.roles.some((r: string) => r === 'teacher' || r === 'trainer'));
  const key = (hub: HubData, day: string) => (groupBy === 'hub' ? hub.hubId : groupBy === 'country' ? hub.country : day.slice(0, 7));
  // The teachers' course completed, where and when first.
  for (const [ck, { hub, at: day }] of courseCompletions(hubs)) {
    const [personId, courseId] = ck.split('|') as [string, string];
    if (courseId === TEACHER_COURSE && isTeacher(personId) && inRange(day)) for (const acc of get(key(hub, day))) acc.completedTraining.add(personId);
  }
  for (const hub of hubs) {
    for (const d of hub.docs as Doc[]) {
      if (d.type === 'event' && inRange(d.at.slice(0, 10)) && isTeacher(d.personId)) {
        for (const acc of get(key(hub, d.at.slice(0, 10)))) acc.trained.add(d.personId);
      }
      if (d.type === 'observation' && inRange(d.date)) {
        for (const acc of get(key(hub, d.date))) {
          acc.observed.add(d.teacherId);
          acc.observations += 1;
          acc.scores.push(d.averageScore);
        }
      }
      if (d.type === 'certification' && d.decision === 'certified' && inRange(d.decidedAt.slice(0, 10))) {
        levels.add(d.levelName);
        for (const acc of get(key(hub, d.decidedAt.slice(0, 10)))) {
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
export function oracleLibrary(hubs: HubData[], courseIds: string[], from: string, to: string, everyone: HubData[] = hubs) {
  const inRange = (day: string) => day >= from && day <= to;
  const persons = personsOf(everyone);
  const completions = courseCompletions(hubs);
  return [...courseIds].sort().map((courseId) => {
    const byHub = hubs
      .map((hub) => {
        const learners = new Set<string>();
        for (const e of hub.docs as Doc[]) {
          if (e.type !== 'event' || e.object.courseId !== courseId || !inRange(e.at.slice(0, 10))) continue;
          if (!persons.get(e.personId) || persons.get(e.personId)!.roles.includes('learner')) learners.add(e.personId);
        }
        const completed = [...completions].filter(([ck, first]) => ck.endsWith(`|${courseId}`) && first.hub === hub && inRange(first.at)).length;
        return { hubId: hub.hubId, learners: learners.size, completions: completed };
      })
      .filter((h) => h.learners > 0 || h.completions > 0)
      .sort((a, b) => (a.hubId < b.hubId ? -1 : 1));
    return { courseId, learners: byHub.reduce((a, h) => a + h.learners, 0), completions: byHub.reduce((a, h) => a + h.completions, 0), hubsUsing: byHub.length, byHub };
  });
}
