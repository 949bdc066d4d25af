// Issue 9's trainer figures, combined from the same hub rows as the impact
// figures (impact-figures.ts): pure, so a test can compare them with figures
// computed from the raw documents.
//   teachersTrained          distinct teachers or trainers with a learning
//                            event in the range (the impact figure of that name)
//   teachersCompletedTraining distinct teachers or trainers who completed, in
//                            the range, a course written for teachers (audience
//                            'teacher', e.g. the seed "Teaching with the
//                            digital classroom"): stricter than teachersTrained,
//                            which also counts a teacher trying a learners' course
//   teachersObserved         distinct teachers with an `observation` of a
//                            session dated in the range
//   observations             those observations; averageObservationScore
//                            their mean average score (1–4)
//   teachersCertified        distinct teachers with a `certification` decided
//                            'certified' in the range; certifiedByLevel the
//                            same per level name
// Teacher ids are person ids, which carry their home hub: a roaming teacher
// observed on two trucks counts once in the total, is a teacher on every truck
// (their record is at their home hub), and a course they completed on two
// trucks counts where it was completed first (programme-wide.ts).
import type { HubRows, PersonFacts } from './impact-figures.ts';
import { firstCourseCompletions, programmePersons } from './programme-wide.ts';

export const TRAINER_GROUP_BY = ['hub', 'country', 'month'] as const;
export type TrainerGroupBy = (typeof TRAINER_GROUP_BY)[number];

export interface TrainerFigures {
  teachersTrained: number;
  teachersCompletedTraining: number;
  teachersObserved: number;
  observations: number;
  averageObservationScore: number | null;
  teachersCertified: number;
  certifiedByLevel: Record<string, number>;
}

export const TRAINER_FIGURE_NAMES = ['teachersTrained', 'teachersCompletedTraining', 'teachersObserved', 'observations', 'averageObservationScore', 'teachersCertified'] as const;

interface Acc {
  trained: Set<string>;
  completedTraining: Set<string>;
  observed: Set<string>;
  observations: number;
  scoreSum: number;
  scored: number;
  certified: Set<string>;
  byLevel: Map<string, Set<string>>;
}

const newAcc = (): Acc => ({ trained: new Set(), completedTraining: new Set(), observed: new Set(), observations: 0, scoreSum: 0, scored: 0, certified: new Set(), byLevel: new Map() });
const isTeacher = (person: PersonFacts | undefined) => Boolean(person?.roles.some((role) => role === 'teacher' || role === 'trainer'));

export interface TrainerGroups {
  total: TrainerFigures;
  groups: { key: string; figures: TrainerFigures }[];
  /** Every level name met in the range, sorted: the columns of the table. */
  levels: string[];
}

export function combineTrainers(hubs: readonly HubRows[], options: { from: string; to: string; groupBy: TrainerGroupBy; persons?: ReadonlyMap<string, PersonFacts> }): TrainerGroups {
  const { from, to, groupBy } = options;
  const total = newAcc();
  const groups = new Map<string, Acc>();
  const levels = new Set<string>();
  const accs = (key: string): Acc[] => {
    let acc = groups.get(key);
    if (!acc) groups.set(key, (acc = newAcc()));
    return [total, acc];
  };
  const inRange = (day: string) => day >= from && day <= to;
  const persons = programmePersons(hubs, options.persons);
  const keyOf = (hub: HubRows, day: string) => (groupBy === 'hub' ? hub.hubId : groupBy === 'country' ? (hub.country ?? 'unknown') : day.slice(0, 7));

  for (const { hub, row } of firstCourseCompletions(hubs)) {
    const [day, personId] = row.key;
    if (row.value[1] === 1 && inRange(day) && isTeacher(persons.get(personId))) for (const acc of accs(keyOf(hub, day))) acc.completedTraining.add(personId);
  }
  for (const hub of hubs) {
    for (const { key } of hub.activity) {
      const [day, personId] = key;
      if (isTeacher(persons.get(personId))) for (const acc of accs(keyOf(hub, day))) acc.trained.add(personId);
    }
    for (const { key, value } of hub.observations) {
      const [day, teacherId] = key;
      if (!inRange(day)) continue;
      for (const acc of accs(keyOf(hub, day))) {
        acc.observed.add(teacherId);
        acc.observations += 1;
        if (typeof value === 'number') {
          acc.scoreSum += value;
          acc.scored += 1;
        }
      }
    }
    for (const { key, value } of hub.certifications) {
      const [day, teacherId] = key;
      if (!inRange(day)) continue;
      const level = value[1];
      levels.add(level);
      for (const acc of accs(keyOf(hub, day))) {
        acc.certified.add(teacherId);
        const set = acc.byLevel.get(level) ?? new Set<string>();
        set.add(teacherId);
        acc.byLevel.set(level, set);
      }
    }
  }

  const figures = (acc: Acc): TrainerFigures => ({
    teachersTrained: acc.trained.size,
    teachersCompletedTraining: acc.completedTraining.size,
    teachersObserved: acc.observed.size,
    observations: acc.observations,
    averageObservationScore: acc.scored ? Math.round((acc.scoreSum / acc.scored) * 100) / 100 : null,
    teachersCertified: acc.certified.size,
    certifiedByLevel: Object.fromEntries([...acc.byLevel.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([level, set]) => [level, set.size])),
  });
  return {
    total: figures(total),
    groups: [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, acc]) => ({ key, figures: figures(acc) })),
    levels: [...levels].sort(),
  };
}
