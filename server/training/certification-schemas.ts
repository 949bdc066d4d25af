// Shapes of the certification API. Types come from the schemas (Static<>).
import { Type, type Static } from 'typebox';
import { OBSERVATION_SCORE_MAX, OBSERVATION_SCORE_MIN } from '../../sync/training-documents.ts';
import { Nullable, PersonId } from './observations-schemas.ts';

const NOT_BLANK = '\\S';
export const LevelId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$', description: 'e.g. level-1' });
const ContentId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9-]*$' });
export const REASON_MAX = 2000;

const Requires = Type.Object(
  {
    courseIds: Type.Array(ContentId, { maxItems: 20, uniqueItems: true, description: 'courses the teacher must have completed (every lesson)' }),
    observedSessions: Type.Integer({ minimum: 0, maximum: 50, description: 'at least this many observed sessions…' }),
    minAverageScore: Type.Number({ minimum: OBSERVATION_SCORE_MIN, maximum: OBSERVATION_SCORE_MAX, description: "…each with an average score at or above this (a session observed twice counts once, with the mean of its observations' averages)" }),
  },
  { additionalProperties: false },
);

export const LevelView = Type.Object({
  levelId: Type.String(),
  name: Type.String(),
  rank: Type.Integer(),
  requires: Requires,
  isDefault: Type.Boolean({ description: 'true while the programme default has never been edited on this hub' }),
  courses: Type.Array(Type.Object({ courseId: Type.String(), title: Nullable(Type.String()) }), { description: 'the required courses with their titles (null: not on this hub)' }),
  updatedAt: Nullable(Type.String()),
});
export type LevelView = Static<typeof LevelView>;
export const LevelList = Type.Object({ levels: Type.Array(LevelView) });

export const LevelParams = Type.Object({ levelId: LevelId });
export const LevelBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80, pattern: NOT_BLANK }),
    rank: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: 'position; defaults to the current one, or after the last level' })),
    requires: Requires,
  },
  { additionalProperties: false },
);
export type LevelBody = Static<typeof LevelBody>;

export const Evaluation = Type.Object({
  courseIdsCompleted: Type.Array(Type.String()),
  courseIdsMissing: Type.Array(Type.String()),
  qualifyingObservations: Type.Integer({ description: 'observed sessions at or above the level\'s minimum average' }),
  met: Type.Boolean(),
});

export const DecisionBody = Type.Object(
  {
    teacherId: PersonId,
    levelId: LevelId,
    decision: Type.Union([Type.Literal('certified'), Type.Literal('not-yet')]),
    reason: Type.Optional(Type.String({ maxLength: REASON_MAX, description: "required for 'not-yet'" })),
  },
  { additionalProperties: false },
);
export type DecisionBody = Static<typeof DecisionBody>;

export const DecisionView = Type.Object({
  id: Type.String(),
  teacherId: Type.String(),
  teacherName: Type.String(),
  levelId: Type.String(),
  levelName: Type.String(),
  decision: Type.Union([Type.Literal('certified'), Type.Literal('not-yet')]),
  reason: Type.Optional(Type.String()),
  evaluation: Evaluation,
  certifiedBy: Type.String(),
  certifiedByName: Type.String(),
  decidedAt: Type.String(),
  verificationCode: Type.Optional(Type.String({ description: "for 'certified': 10 base32 characters grouped ABCD-EFGH-JK" })),
  hubName: Type.String(),
});
export type DecisionView = Static<typeof DecisionView>;

export const DecisionQuery = Type.Object({ teacherId: PersonId }, { additionalProperties: false });
export const DecisionList = Type.Object({ certifications: Type.Array(DecisionView) });

export const TeacherEvaluation = Type.Object({
  teacherId: Type.String(),
  teacherName: Type.String(),
  observedSessions: Type.Array(Type.Object({ sessionId: Type.String(), date: Type.String(), averageScore: Type.Number() }), { description: 'each observed session with the mean of its observations, oldest first' }),
  levels: Type.Array(
    Type.Object({
      levelId: Type.String(),
      name: Type.String(),
      requires: Requires,
      courses: Type.Array(Type.Object({ courseId: Type.String(), title: Nullable(Type.String()) })),
      evaluation: Evaluation,
      certified: Nullable(DecisionView),
    }),
  ),
});

export const TeacherParams = Type.Object({ teacherId: PersonId });

export const VerifyParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });
export const VerifyResult = Type.Object({
  valid: Type.Boolean(),
  levelName: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  hubName: Nullable(Type.String()),
  teacherName: Nullable(Type.String({ description: 'given name and the initial of the family name only' })),
});
