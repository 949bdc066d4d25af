// One person, one programme. Teachers and trainers travel between trucks
// (issue 9's roaming staff) and their events carry their person id, which
// names their home hub. The reports combine every hub's rows with that in mind:
//   - a person's roles, gender and age band come from their record wherever it
//     is (at their home hub), so a visiting trainer counts as a teacher on
//     every truck, not as an unknown learner on the trucks they visit;
//   - a lesson or a course completed on two trucks counts once: where and when
//     it was first completed (each hub records the completions of its own events);
//   - a person is new where and when their first event anywhere happened.
// Learners do not travel (their ids and PINs stay on their hub), so for them
// these are the hub's own figures.
import { parseDocId } from '../../sync/ids.ts';
import type { HubRows, PersonFacts } from './impact-figures.ts';

/** Every person's facts, the home hub's record first; `elsewhere` adds the
 * records of people whose home hub is not among `hubs` (read from it apart). */
export function programmePersons(hubs: readonly HubRows[], elsewhere?: ReadonlyMap<string, PersonFacts>): Map<string, PersonFacts> {
  const persons = new Map<string, PersonFacts>(elsewhere);
  for (const hub of hubs) {
    for (const [id, facts] of hub.persons) {
      if (!persons.has(id) || parseDocId(id)?.hubId === hub.hubId) persons.set(id, facts);
    }
  }
  return persons;
}

/** People whose events are on these hubs but whose record is on none of them. */
export function personsFromElsewhere(hubs: readonly HubRows[]): Map<string, string[]> {
  const known = programmePersons(hubs);
  const here = new Set(hubs.map((hub) => hub.hubId));
  const byHome = new Map<string, string[]>();
  for (const hub of hubs) {
    for (const { key } of hub.activity) {
      const personId = key[1];
      const home = parseDocId(personId)?.hubId;
      if (!home || here.has(home) || known.has(personId)) continue;
      const ids = byHome.get(home) ?? [];
      if (!ids.includes(personId)) ids.push(personId);
      byHome.set(home, ids);
    }
  }
  return byHome;
}

interface Earliest<T> {
  hub: HubRows;
  at: string | number;
  row: T;
}

/** Of the rows that share a key, the earliest one (ties: the first hub by id). */
function earliest<T>(hubs: readonly HubRows[], rowsOf: (hub: HubRows) => readonly T[], keyOf: (row: T) => string, atOf: (row: T) => string | number): Earliest<T>[] {
  const found = new Map<string, Earliest<T>>();
  for (const hub of [...hubs].sort((a, b) => (a.hubId < b.hubId ? -1 : a.hubId > b.hubId ? 1 : 0))) {
    for (const row of rowsOf(hub)) {
      const key = keyOf(row);
      const at = atOf(row);
      const seen = found.get(key);
      if (!seen || at < seen.at) found.set(key, { hub, at, row });
    }
  }
  return [...found.values()];
}

type CourseCompletionRow = HubRows['courseCompletions'][number];
type LessonCompletionRow = HubRows['completions'][number];
type FirstSeenRow = HubRows['firstSeen'][number];

/** Each course a person completed, once: [day, personId, courseId] of the first completion. */
export function firstCourseCompletions(hubs: readonly HubRows[]): Earliest<CourseCompletionRow>[] {
  return earliest(hubs, (hub) => hub.courseCompletions, ({ key }) => `${key[1]}\u0000${key[2]}`, ({ key }) => key[0]);
}

/** Each lesson a person completed, once: [courseId, personId, lessonId] of the first completion. */
export function firstLessonCompletions(hubs: readonly HubRows[]): Earliest<LessonCompletionRow>[] {
  return earliest(hubs, (hub) => hub.completions, ({ key }) => key.join('\u0000'), ({ value }) => value.min);
}

/** Each person's first event in each course, anywhere. */
export function firstSeenInCourse(hubs: readonly HubRows[]): Earliest<FirstSeenRow>[] {
  return earliest(hubs, (hub) => hub.firstSeen, ({ key }) => `${key[0]}\u0000${key[1]}`, ({ value }) => value.min);
}

/** Each person's first event anywhere: the earliest of their first events in a course. */
export function firstSeenAnywhere(hubs: readonly HubRows[]): Earliest<FirstSeenRow>[] {
  return earliest(hubs, (hub) => hub.firstSeen, ({ key }) => key[0], ({ value }) => value.min);
}
