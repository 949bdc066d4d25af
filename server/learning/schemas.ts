// Schemas of the learning API. Types come from them (Static<>), never written twice.
// The events body is deliberately loose about each event: one bad event in a
// batch must be rejected on its own (by id) rather than fail the whole batch
// with a 400, or the browser's outbox would retry the good ones forever.
// Each event is then checked against the strict `LearningEvent` in ingest.
import { Type, type Static } from 'typebox';
import { EVENT_VERBS } from '../../sync/documents.ts';

export const EVENT_ID_PATTERN = '^[A-Za-z0-9-]{8,64}$';
/** The largest `result.response`, serialised (a coding answer is ≤ 20 000 characters). */
export const MAX_RESPONSE_BYTES = 20 * 1024;
export const MAX_EVENTS_PER_REQUEST = 100;

const ContentId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9-]*$' });
const Fraction = Type.Number({ minimum: 0, maximum: 1 });

export const LearningEvent = Type.Object(
  {
    id: Type.String({ pattern: EVENT_ID_PATTERN, description: 'made in the browser (crypto.randomUUID()); a retry sends the same id' }),
    verb: Type.Union(EVENT_VERBS.map((verb) => Type.Literal(verb))),
    object: Type.Object({ courseId: ContentId, lessonId: ContentId, activityId: Type.Optional(ContentId) }, { additionalProperties: false }),
    result: Type.Optional(
      Type.Object(
        {
          response: Type.Optional(Type.Unknown({ description: 'the answer as given (≤ 20 KB serialised); for `submitted`: { answers: { activityId: response }, timedOut? }' })),
          correct: Type.Optional(Type.Boolean()),
          score: Type.Optional(Fraction),
          durationMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 24 * 60 * 60_000 })),
          wpm: Type.Optional(Type.Number({ minimum: 0, maximum: 400 })),
          accuracy: Type.Optional(Fraction),
        },
        { additionalProperties: false },
      ),
    ),
    at: Type.String({ format: 'date-time', description: 'when it happened, by the workstation clock (ISO 8601)' }),
  },
  { additionalProperties: false, title: 'LearningEvent' },
);
export type LearningEvent = Static<typeof LearningEvent>;

/** What the route validates: only that each event has a usable id to answer by. */
const LooseEvent = Type.Object(
  {
    id: Type.String({ pattern: EVENT_ID_PATTERN }),
    verb: Type.String({ enum: [...EVENT_VERBS] as string[], description: EVENT_VERBS.join(', ') }),
    object: Type.Unknown({ description: '{ courseId, lessonId, activityId? }' }),
    result: Type.Optional(Type.Unknown({ description: '{ response?, correct?, score?, durationMs?, wpm?, accuracy? }' })),
    at: Type.Unknown({ description: 'ISO 8601 date-time' }),
  },
  { additionalProperties: true },
);

export const EventsBody = Type.Object(
  { events: Type.Array(LooseEvent, { minItems: 1, maxItems: MAX_EVENTS_PER_REQUEST }) },
  { additionalProperties: false },
);

export const Rejection = Type.Object({ id: Type.String(), code: Type.String(), message: Type.String() });
export type Rejection = Static<typeof Rejection>;

export const EventsResult = Type.Object({
  accepted: Type.Array(Type.String(), { description: 'written now (on disk when this answer is sent)' }),
  duplicate: Type.Array(Type.String(), { description: 'already recorded with the same content: nothing changed' }),
  rejected: Type.Array(Rejection, { description: 'refused; sending them again will not help' }),
});
export type EventsResult = Static<typeof EventsResult>;

export const ActivityParams = Type.Object({ id: ContentId });

export const CheckBody = Type.Object(
  { response: Type.Unknown({ description: 'by kind: { choice } | { choices } | { value } | { text } | { items } | { pairs } | { code } | { typed, durationMs }' }) },
  { additionalProperties: false },
);

export const TestResult = Type.Object({ name: Type.String(), passed: Type.Boolean(), message: Type.Optional(Type.String()) });
export type TestResult = Static<typeof TestResult>;

export const CheckResult = Type.Object({
  correct: Type.Boolean(),
  score: Fraction,
  feedback: Type.Object({
    explanation: Type.Optional(Type.String({ description: 'Markdown, as written in the pack' })),
    explanationHtml: Type.Optional(Type.String({ description: 'the explanation rendered to safe HTML' })),
    hint: Type.Optional(Type.String({ description: 'given when the answer is not fully right' })),
  }),
  tests: Type.Optional(Type.Array(TestResult, { description: 'coding: each hidden test by name' })),
  wpm: Type.Optional(Type.Number()),
  accuracy: Type.Optional(Fraction),
  held: Type.Optional(Type.Boolean({ description: 'the teacher shows quiz results later: correct and score carry no information' })),
});
export type CheckResult = Static<typeof CheckResult>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const TypingSummary = Type.Object({
  bestWpm: Type.Number(),
  latestWpm: Type.Number(),
  bestAccuracy: Fraction,
  latestAccuracy: Fraction,
  history: Type.Array(Type.Object({ at: Type.String(), wpm: Type.Number(), accuracy: Fraction }), { description: 'oldest first, the last 50' }),
});

export const CourseProgress = Type.Object({
  courseId: Type.String(),
  title: Type.String(),
  language: Type.String(),
  lessonsTotal: Type.Integer(),
  lessonsCompleted: Type.Integer(),
  completedLessonIds: Type.Array(Type.String(), { description: 'the live lessons completed, in course order (beyond the contract, for the course page)' }),
  activitiesTotal: Type.Integer(),
  activitiesMastered: Type.Integer(),
  quizzes: Type.Array(Type.Object({ lessonId: Type.String(), title: Type.String(), bestScore: Fraction, lastScore: Fraction, passed: Type.Boolean() })),
  timeSpentMs: Type.Integer(),
  typing: Nullable(TypingSummary),
  completedAt: Nullable(Type.String()),
  lastLessonId: Nullable(Type.String()),
  lastOpenedAt: Nullable(Type.String()),
});
export type CourseProgress = Static<typeof CourseProgress>;

export const ProgressResult = Type.Object({ courses: Type.Array(CourseProgress) });

export const CourseParams = Type.Object({ courseId: ContentId });

export const Certificate = Type.Object({
  courseId: Type.String(),
  courseTitle: Type.String(),
  learnerName: Type.String(),
  completedAt: Type.String(),
  hubName: Type.String(),
  verificationCode: Type.String({ description: '10 base32 characters grouped ABCD-EFGH-JK' }),
});

export const VerifyParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });

export const VerifyResult = Type.Object({
  valid: Type.Boolean(),
  courseTitle: Nullable(Type.String()),
  completedAt: Nullable(Type.String()),
  hubName: Nullable(Type.String()),
});
