// Shapes of the observation API. Types come from the schemas (Static<>).
import { Type, type Static, type TSchema } from 'typebox';
import { OBSERVATION_SCORE_MAX, OBSERVATION_SCORE_MIN } from '../../sync/training-documents.ts';

const NOT_BLANK = '\\S';
export const PersonId = Type.String({ pattern: '^person:[^:]+:[^:]+$', maxLength: 100, description: 'a person id' });
export const CriterionId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$', description: 'stable id of a criterion' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const CRITERIA_MAX = 20;
export const LABEL_MAX = 80;
export const GUIDANCE_MAX = 500;
export const NOTES_MAX = 2000;

export const Criterion = Type.Object({
  id: CriterionId,
  label: Type.String({ minLength: 1, maxLength: LABEL_MAX }),
  guidance: Type.Optional(Type.String({ maxLength: GUIDANCE_MAX })),
});

export const CriteriaView = Type.Object({
  criteria: Type.Array(Criterion),
  isDefault: Type.Boolean({ description: 'true while the programme defaults have never been edited on this hub' }),
  updatedAt: Nullable(Type.String()),
  updatedBy: Nullable(Type.String()),
});
export type CriteriaView = Static<typeof CriteriaView>;

export const CriteriaBody = Type.Object(
  {
    criteria: Type.Array(
      Type.Object(
        {
          id: Type.Optional(CriterionId),
          label: Type.String({ minLength: 1, maxLength: LABEL_MAX, pattern: NOT_BLANK }),
          guidance: Type.Optional(Type.String({ maxLength: GUIDANCE_MAX })),
        },
        { additionalProperties: false, description: 'an existing criterion keeps its id; a new one (no id) gets one made from its label' },
      ),
      { minItems: 1, maxItems: CRITERIA_MAX },
    ),
  },
  { additionalProperties: false },
);
export type CriteriaBody = Static<typeof CriteriaBody>;

export const ObservationBody = Type.Object(
  {
    teacherId: PersonId,
    sessionId: Type.String({ minLength: 1, maxLength: 200, description: 'an `attendance` document id: the observed class session' }),
    scores: Type.Array(
      Type.Object(
        {
          criterionId: Type.String({ minLength: 1, maxLength: 40 }),
          score: Type.Integer({ minimum: OBSERVATION_SCORE_MIN, maximum: OBSERVATION_SCORE_MAX, description: '1 (not yet) to 4 (excellent)' }),
          notes: Type.Optional(Type.String({ maxLength: NOTES_MAX })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: CRITERIA_MAX },
    ),
    notes: Type.Optional(Type.String({ maxLength: NOTES_MAX })),
  },
  { additionalProperties: false },
);
export type ObservationBody = Static<typeof ObservationBody>;

export const ObservationView = Type.Object({
  id: Type.String(),
  teacherId: Type.String(),
  teacherName: Type.String(),
  sessionId: Type.String(),
  classId: Type.String(),
  className: Type.String(),
  date: Type.String({ description: "the session's day, YYYY-MM-DD" }),
  observerId: Type.String(),
  observerName: Type.String(),
  scores: Type.Array(Type.Object({ criterionId: Type.String(), label: Type.String(), score: Type.Integer(), notes: Type.Optional(Type.String()) })),
  averageScore: Type.Number(),
  notes: Type.Optional(Type.String()),
  createdAt: Type.String(),
});
export type ObservationView = Static<typeof ObservationView>;

export const HistoryQuery = Type.Object({ teacherId: PersonId }, { additionalProperties: false });
export const ObservationList = Type.Object({ observations: Type.Array(ObservationView) });

export const TeacherParams = Type.Object({ teacherId: PersonId });

export const TrendView = Type.Object({
  teacherId: Type.String(),
  criteria: Type.Array(Type.Object({ id: Type.String(), label: Type.String() }), { description: 'every criterion scored at least once, current ones first' }),
  points: Type.Array(
    Type.Object({
      observationId: Type.String(),
      date: Type.String(),
      averageScore: Type.Number(),
      scores: Type.Record(Type.String(), Type.Integer(), { description: 'criterion id → score (criteria not scored that day are absent)' }),
    }),
    { description: 'one per observation, oldest first' },
  ),
  summary: Type.Array(
    Type.Object({
      criterionId: Type.String({ description: "'average' for the observations' averages" }),
      count: Type.Integer(),
      mean: Type.Number({ description: 'two decimals' }),
      first: Type.Number(),
      latest: Type.Number(),
      change: Type.Number({ description: 'latest − first, two decimals' }),
    }),
  ),
});
export type TrendView = Static<typeof TrendView>;

export const TeacherSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  observations: Type.Integer(),
  latestAverage: Nullable(Type.Number()),
  latestObservedOn: Nullable(Type.String()),
});
export const TeacherList = Type.Object({ teachers: Type.Array(TeacherSummary) });

export const TeacherSessions = Type.Object({
  teacherId: Type.String(),
  teacherName: Type.String(),
  classes: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      sessions: Type.Array(Type.Object({ id: Type.String(), date: Type.String(), present: Type.Integer(), observed: Type.Boolean() }), { description: 'newest first' }),
    }),
  ),
});
