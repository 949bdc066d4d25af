// Library courses and their use across trucks (issue 9): for every course of
// a pack in central's shared library (`darasa-library`, `library-pack:` docs),
// per hub, the learners with an event in it in the range and the completions
// of it (course-completion facts) in the range. Pure, from the same hub rows
// as the impact figures; a course no hub has used shows with zeros. A person
// who completed a course on two trucks counts once, on the first
// (programme-wide.ts).
import type { HubRows, PersonFacts } from './impact-figures.ts';
import { firstCourseCompletions, programmePersons } from './programme-wide.ts';

export interface LibraryCourse {
  courseId: string;
  packId: string;
  packTitle: string;
  version: string;
  publishedAt: string;
}

export interface LibraryUse {
  learners: number;
  completions: number;
}

export interface LibraryCourseUse extends LibraryCourse, LibraryUse {
  /** Hubs with any learner or completion in the range. */
  hubsUsing: number;
  byHub: ({ hubId: string } & LibraryUse)[];
}

/** Unknown people count as learners, as in the impact figures. */
const isLearner = (person: PersonFacts | undefined) => !person || person.roles.length === 0 || person.roles.includes('learner');

export function combineLibrary(hubs: readonly HubRows[], courses: readonly LibraryCourse[], range: { from: string; to: string; persons?: ReadonlyMap<string, PersonFacts> }): LibraryCourseUse[] {
  const wanted = new Set(courses.map((c) => c.courseId));
  // courseId → hubId → { learners, completions }
  const use = new Map<string, Map<string, { learners: Set<string>; completions: number }>>();
  const cell = (courseId: string, hubId: string) => {
    let perHub = use.get(courseId);
    if (!perHub) use.set(courseId, (perHub = new Map()));
    let entry = perHub.get(hubId);
    if (!entry) perHub.set(hubId, (entry = { learners: new Set(), completions: 0 }));
    return entry;
  };
  const persons = programmePersons(hubs, range.persons);
  for (const hub of hubs) {
    for (const { key } of hub.activity) {
      const [, personId, courseId] = key;
      if (wanted.has(courseId) && isLearner(persons.get(personId))) cell(courseId, hub.hubId).learners.add(personId);
    }
  }
  for (const { hub, row } of firstCourseCompletions(hubs)) {
    const [day, , courseId] = row.key;
    if (wanted.has(courseId) && day >= range.from && day <= range.to) cell(courseId, hub.hubId).completions += 1;
  }
  return [...courses]
    .sort((a, b) => (a.packId === b.packId ? (a.courseId < b.courseId ? -1 : 1) : a.packId < b.packId ? -1 : 1))
    .map((course) => {
      const perHub = [...(use.get(course.courseId) ?? new Map<string, { learners: Set<string>; completions: number }>()).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
      const byHub = perHub.map(([hubId, entry]) => ({ hubId, learners: entry.learners.size, completions: entry.completions }));
      return {
        ...course,
        learners: byHub.reduce((sum, h) => sum + h.learners, 0),
        completions: byHub.reduce((sum, h) => sum + h.completions, 0),
        hubsUsing: byHub.filter((h) => h.learners > 0 || h.completions > 0).length,
        byHub,
      };
    });
}
