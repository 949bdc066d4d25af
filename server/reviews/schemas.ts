// Schemas of the curriculum review API (issue 9).
import { Type, type Static } from 'typebox';
import { ID_PATTERN } from '../../content/model/activities.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ pattern: ID_PATTERN });
const Person = Type.Object({ id: Type.String(), name: Type.String() });

export const CourseParams = Type.Object({ id: Id });
export const ReviewParams = Type.Object({ courseId: Id });
export const ReviewLessonParams = Type.Object({ courseId: Id, lessonId: Id });

export const SubmitRequest = Type.Union([
  Type.Object({ note: Type.Optional(Type.String({ maxLength: 4000, description: 'a word to the trainer' })) }, { additionalProperties: false }),
  Type.Null(),
]);

const Comment = Type.Object({
  lessonId: Type.Optional(Id),
  text: Type.String({ minLength: 1, maxLength: 4000 }),
}, { additionalProperties: false });

export const DecisionRequest = Type.Object({
  decision: Type.Union([Type.Literal('approve'), Type.Literal('changes')]),
  // The list comes first: with the hub's type coercion a one-item list would
  // otherwise be tried as a string and lost; a string alone arrives as a list of one.
  comments: Type.Optional(Type.Union([
    Type.Array(Type.Union([Comment, Type.String({ minLength: 1, maxLength: 4000 })]), { maxItems: 300, description: 'comments per lesson (lessonId) or about the whole course (no lessonId, or a plain string)' }),
    Type.String({ maxLength: 4000, description: 'one comment about the whole course' }),
  ], { description: "a string, or a list of { lessonId?, text }; 'changes' needs at least one" })),
}, { additionalProperties: false });

const ReviewComment = Type.Object({ lessonId: Nullable(Type.String()), text: Type.String() });
const Round = Type.Object({
  kind: Type.Union([Type.Literal('submitted'), Type.Literal('approve'), Type.Literal('changes')]),
  by: Person, at: Type.String(), version: Type.Integer(), comments: Type.Array(ReviewComment),
});

export const Review = Type.Object({
  courseId: Type.String(),
  status: Type.Union([Type.Literal('submitted'), Type.Literal('changes-requested'), Type.Literal('approved')]),
  version: Type.Integer({ description: 'the course version under review (or last reviewed)' }),
  submittedBy: Person,
  rounds: Type.Array(Round, { description: 'every submission and decision, oldest first' }),
  submission: Nullable(Type.Object({
    id: Type.String({ description: 'the library-submission document sent to central with the next sync' }),
    sha256: Type.String(), size: Type.Integer(), approvedAt: Type.String(),
  })),
  updatedAt: Type.String(),
});
export type Review = Static<typeof Review>;

export const CourseReviewState = Type.Object({
  review: Nullable(Review),
  canSubmit: Type.Boolean({ description: 'the latest published version can be submitted now' }),
  publishedVersion: Type.Integer(),
  library: Nullable(Type.Object({
    decision: Type.Union([Type.Literal('published'), Type.Literal('refused')]),
    reason: Nullable(Type.String({ description: 'why central refused it' })),
    decidedAt: Type.String(),
  }, { description: "central's decision on the approved version, as this hub's last sync brought it; null until then" })),
});

export const ReviewList = Type.Array(Type.Object({
  courseId: Type.String(), title: Type.String(), language: Type.String(), status: Review.properties.status, version: Type.Integer(),
  submittedBy: Person, submittedAt: Type.String(), updatedAt: Type.String(),
  ownCourse: Type.Boolean({ description: 'the signed-in person wrote it, so cannot review it' }),
}));

export const ReviewDetail = Type.Object({
  review: Review,
  ownCourse: Type.Boolean(),
  course: Type.Object({
    title: Type.String(), language: Type.String(), description: Type.String(),
    modules: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), lessons: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })) })),
  }),
});

export const Decided = Type.Object({ review: Review });
