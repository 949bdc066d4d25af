// Schemas of the authoring API. Drafts are saved as the author typed them
// (types and sizes checked here); the course and activity rules are checked
// when publishing, with the validators packs use.
import { Type, type Static } from 'typebox';
import { LANGUAGE_PATTERN } from '../../content/model/course.ts';
import { ID_PATTERN } from '../../content/model/activities.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ pattern: ID_PATTERN });

export const Editor = Type.Object({ id: Type.String(), name: Type.String() }, { description: 'who saved it last' });

export const CourseMeta = Type.Object({
  title: Type.String({ maxLength: 200 }),
  language: Type.String({ pattern: LANGUAGE_PATTERN }),
  level: Type.Union([Type.Literal('beginner'), Type.Literal('intermediate'), Type.Literal('advanced')]),
  tags: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 30 }),
  estimatedMinutes: Type.Integer({ minimum: 1, maximum: 100000 }),
  licence: Type.String({ maxLength: 100 }),
  authors: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }),
  audience: Type.Optional(Type.Union([Type.Literal('learner'), Type.Literal('teacher')])),
  translationOf: Type.Optional(Id),
}, { additionalProperties: false });

export const NewCourse = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  language: Type.String({ pattern: LANGUAGE_PATTERN }),
  level: Type.Optional(CourseMeta.properties.level),
  licence: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  estimatedMinutes: Type.Optional(CourseMeta.properties.estimatedMinutes),
  audience: CourseMeta.properties.audience,
  moduleTitle: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'title of the first module' })),
}, { additionalProperties: false });

const Module = Type.Object({ id: Type.String(), title: Type.String({ maxLength: 200 }), lessonIds: Type.Array(Type.String(), { maxItems: 200 }) });

export const CourseUpdate = Type.Object({
  rev: Type.String({ description: 'the revision read (GET …/draft): a newer one on the hub is a conflict (409)' }),
  meta: CourseMeta,
  description: Type.String({ maxLength: 20000 }),
  modules: Type.Array(Type.Object({ id: Type.Optional(Id), title: Type.String({ maxLength: 200 }), lessonIds: Type.Array(Id, { maxItems: 200 }) }, { additionalProperties: false }), { maxItems: 100 }),
}, { additionalProperties: false });

const LessonSummary = Type.Object({ id: Type.String(), title: Type.String(), rev: Type.String(), updatedAt: Type.String(), updatedBy: Editor, blockCount: Type.Integer() });

export const CourseDraft = Type.Object({
  id: Type.String(),
  rev: Type.String({ description: 'send it back with the next update' }),
  meta: CourseMeta,
  description: Type.String(),
  modules: Type.Array(Module),
  lessons: Type.Array(LessonSummary, { description: 'the lessons of the modules in order, then any lesson of the course no module lists' }),
  publishedVersion: Type.Integer({ description: '0 until first published' }),
  copiedFrom: Nullable(Type.String()),
  updatedAt: Type.String(),
  updatedBy: Editor,
});
export type CourseDraft = Static<typeof CourseDraft>;

export const DraftSummaryList = Type.Array(Type.Object({
  id: Type.String(), title: Type.String(), language: Type.String(), publishedVersion: Type.Integer(),
  lessonCount: Type.Integer(), translationOf: Nullable(Type.String()), updatedAt: Type.String(), updatedBy: Editor,
}));

const DraftActivity = Type.Object({ id: Id, kind: Type.String({ maxLength: 40 }) }, { additionalProperties: true, description: 'an activity of the course model (content/schema/activity.schema.json), checked on publish' });
export const Block = Type.Union([
  Type.Object({ type: Type.Literal('text'), markdown: Type.String({ maxLength: 100000 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('activity'), activity: DraftActivity }, { additionalProperties: false }),
]);

const Quiz = Type.Object({
  timeLimitMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 600 })),
  passScore: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
}, { additionalProperties: false });

export const NewLesson = Type.Object({ moduleId: Type.String(), title: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const LessonUpdate = Type.Object({
  rev: Type.String({ description: 'the revision read: a newer one on the hub is a conflict (409)' }),
  title: Type.String({ maxLength: 200 }),
  estimatedMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  quiz: Type.Optional(Quiz),
  blocks: Type.Array(Block, { maxItems: 300 }),
}, { additionalProperties: false });

const LessonMedia = Type.Object({ sha256: Type.String(), mime: Type.String(), kind: Type.String(), path: Type.String(), url: Type.String() });

export const LessonDraft = Type.Object({
  id: Type.String(),
  courseId: Type.String(),
  rev: Type.String(),
  title: Type.String(),
  estimatedMinutes: Nullable(Type.Integer()),
  quiz: Nullable(Quiz),
  blocks: Type.Array(Block),
  media: Type.Record(Type.String(), LessonMedia, { description: 'media references found in the Markdown → the file' }),
  updatedAt: Type.String(),
  updatedBy: Editor,
});

export const Conflict = Type.Object({
  code: Type.Literal('EDIT_CONFLICT'),
  message: Type.String({ description: '"This lesson was changed by … — reload or keep yours."' }),
  changedBy: Editor,
  changedAt: Type.String(),
  currentRev: Type.String({ description: 'save again with this revision to keep yours' }),
});

const Problem = Type.Object({
  lessonId: Nullable(Type.String()), lessonTitle: Nullable(Type.String()), activityId: Nullable(Type.String()),
  block: Nullable(Type.Integer({ description: 'position of the block in the lesson' })), message: Type.String(),
});
export const PublishRefusal = Type.Object({ code: Type.String(), message: Type.String(), problems: Type.Array(Problem) });

export const Published = Type.Object({
  courseId: Type.String(), version: Type.Integer(), packId: Type.String(), publishedAt: Type.String(), lessons: Type.Integer(), activities: Type.Integer(),
});

export const VersionList = Type.Array(Type.Object({
  version: Type.Integer(), publishedAt: Type.String(), publishedBy: Editor, title: Type.String(), lessonCount: Type.Integer(),
}));

export const CopyRequest = Type.Object({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
}, { additionalProperties: false });
export const TranslateRequest = Type.Object({
  language: Type.String({ pattern: LANGUAGE_PATTERN, description: 'the language to translate into' }),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
}, { additionalProperties: false });

export const RenderRequest = Type.Object({ markdown: Type.String({ maxLength: 100000 }) }, { additionalProperties: false });
export const RenderResult = Type.Object({ html: Type.String({ description: 'rendered and sanitised, as learners will see it' }) });

export const CheckRequest = Type.Object({ response: Type.Unknown() });

export const MediaUploaded = Type.Object({
  ref: Type.String({ description: 'write it in the Markdown: ![description](ref)' }),
  sha256: Type.String(), mime: Type.String(), kind: Type.String(), size: Type.Integer(), url: Type.String(),
});

export const CourseParams = Type.Object({ id: Id });
export const LessonParams = Type.Object({ id: Id, lessonId: Id });
export const ActivityParams = Type.Object({ id: Id, lessonId: Id, activityId: Id });
export const VersionParams = Type.Object({ id: Id, version: Type.Integer({ minimum: 1 }) });
