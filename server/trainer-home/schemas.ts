// Shape of GET /api/trainer/home. Types come from the schema (Static<>).
import { Type, type Static } from 'typebox';
import { ClassSummary } from '../classes/schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const TrainedTeacher = Type.Object({
  personId: Type.String(),
  name: Type.String(),
  cohorts: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), { description: 'the cohorts I run that the teacher is enrolled in' }),
  training: Type.Object({
    lessonsAssigned: Type.Integer({ description: 'distinct lessons of the work assigned to the teacher in any cohort' }),
    lessonsCompleted: Type.Integer(),
    percent: Nullable(Type.Integer({ description: 'lessonsCompleted / lessonsAssigned, whole percent; null when nothing is assigned' })),
    coursesAssigned: Type.Integer(),
    coursesCompleted: Type.Integer({ description: 'assigned courses with every assigned lesson completed' }),
  }),
  observations: Type.Object({
    count: Type.Integer(),
    latestDate: Nullable(Type.String()),
    latestAverage: Nullable(Type.Number({ description: 'average score (1–4) of the latest observed session' })),
  }),
  certification: Nullable(Type.Object({
    levelId: Type.String(), levelName: Type.String(), decision: Type.Union([Type.Literal('certified'), Type.Literal('not-yet')]), decidedAt: Type.String(),
  }, { description: "the latest certified level, else the latest 'not yet' decision" })),
  curricula: Type.Array(Type.Object({
    courseId: Type.String(), title: Type.String(), publishedVersion: Type.Integer(), updatedAt: Type.String(),
    review: Nullable(Type.Union([Type.Literal('submitted'), Type.Literal('changes-requested'), Type.Literal('approved')])),
  }), { description: 'local courses the teacher authored (last saved by them, or submitted by them for review)' }),
  lastActivityAt: Nullable(Type.String({ description: 'their latest learning event' })),
  stalled: Type.Boolean(),
});

export const TrainerHome = Type.Object({
  today: Type.String(),
  stalledAfterDays: Type.Integer(),
  cohorts: Type.Array(ClassSummary),
  teachers: Type.Array(TrainedTeacher),
  attention: Type.Object({
    reviews: Type.Array(Type.Object({
      courseId: Type.String(), title: Type.String(), authorId: Type.String(), authorName: Type.String(), version: Type.Integer(), submittedAt: Type.String(),
    }), { description: "course reviews waiting for a trainer (status 'submitted'), oldest first" }),
    stalled: Type.Array(Type.Object({
      personId: Type.String(), name: Type.String(), lastActivityAt: Nullable(Type.String()),
      reason: Type.Union([Type.Literal('never'), Type.Literal('quiet')], { description: 'never: no learning event at all; quiet: none in the last `stalledAfterDays` days' }),
    })),
  }),
}, { title: 'TrainerHome' });
export type TrainerHome = Static<typeof TrainerHome>;
export type TrainedTeacher = Static<typeof TrainedTeacher>;
