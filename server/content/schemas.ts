// Schemas of the content API. Response schemas double as a filter: Fastify's
// serializer drops any field not declared here, so an answer added to a
// document by mistake still cannot reach a browser.
import { Type, type Static } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const CourseQuery = Type.Object({
  lang: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'only courses in this language' })),
  tag: Type.Optional(Type.String({ maxLength: 40, description: 'only courses with this tag' })),
  level: Type.Optional(Type.Union([Type.Literal('beginner'), Type.Literal('intermediate'), Type.Literal('advanced')])),
  audience: Type.Optional(Type.Union([Type.Literal('learner'), Type.Literal('teacher')])),
});

export const CourseSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  language: Type.String(),
  level: Type.String(),
  tags: Type.Array(Type.String()),
  audience: Type.String(),
  lessonCount: Type.Integer(),
  estimatedMinutes: Type.Integer(),
  version: Type.String(),
  translationOf: Nullable(Type.String()),
  packId: Type.String(),
});
export type CourseSummary = Static<typeof CourseSummary>;

export const CourseDetail = Type.Object({
  ...CourseSummary.properties,
  descriptionHtml: Type.String({ description: 'the course introduction, rendered and sanitised' }),
  licence: Type.String(),
  authors: Type.Array(Type.String()),
  translations: Type.Array(Type.Object({ id: Type.String(), language: Type.String(), title: Type.String() })),
  modules: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      lessons: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), estimatedMinutes: Type.Union([Type.Integer(), Type.Null()]), activityCount: Type.Integer() })),
    }),
  ),
});

const PublicActivity = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    prompt: Type.String({ description: 'Markdown' }),
    promptHtml: Type.String({ description: 'the prompt, rendered and sanitised' }),
    hint: Type.Optional(Type.String()),
    mastery: Type.Optional(Type.Object({ correctInARow: Type.Optional(Type.Integer()), minScore: Type.Optional(Type.Number()) })),
    choices: Type.Optional(Type.Array(Type.String())),
    items: Type.Optional(Type.Array(Type.String(), { description: 'ordering: shuffled' })),
    left: Type.Optional(Type.Array(Type.String())),
    right: Type.Optional(Type.Array(Type.String(), { description: 'matching: shuffled' })),
    unit: Type.Optional(Type.String()),
    starter: Type.Optional(Type.String()),
    testNames: Type.Optional(Type.Array(Type.String())),
    text: Type.Optional(Type.String()),
    targetWpm: Type.Optional(Type.Integer()),
  },
  { description: 'An activity without its answers' },
);

export const LessonResponse = Type.Object({
  id: Type.String(),
  courseId: Type.String(),
  courseTitle: Type.String(),
  moduleId: Type.String(),
  title: Type.String(),
  language: Type.String(),
  estimatedMinutes: Type.Union([Type.Integer(), Type.Null()]),
  quiz: Type.Union([Type.Object({ timeLimitMinutes: Type.Union([Type.Integer(), Type.Null()]), passScore: Type.Number() }), Type.Null()], { description: 'set when the lesson is a quiz' }),
  html: Type.String({ description: 'the lesson text, rendered and sanitised (activities left out)' }),
  steps: Type.Array(
    Type.Union([
      Type.Object({ type: Type.Literal('text'), html: Type.String() }),
      Type.Object({ type: Type.Literal('activity'), activityId: Type.String() }),
    ]),
    { description: 'the lesson in order: text, activity, text, …' },
  ),
  activities: Type.Array(PublicActivity),
  previousLessonId: Nullable(Type.String()),
  nextLessonId: Nullable(Type.String()),
});

export const IdParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$' }) });
export const MediaParams = Type.Object({ file: Type.String({ pattern: '^[a-f0-9]{64}\\.[a-z0-9]{2,5}$' }) });

export const SearchQuery = Type.Object({
  q: Type.String({ maxLength: 500, description: 'words to find' }),
  lang: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});
export const SearchResults = Type.Array(
  Type.Object({ courseId: Type.String(), lessonId: Nullable(Type.String()), title: Type.String(), courseTitle: Type.String(), snippet: Type.String(), score: Type.Number() }),
);

const Problem = Type.Object({ file: Type.String(), line: Type.Optional(Type.Integer()), message: Type.String() });

export const ImportReport = Type.Object({
  status: Type.Union([Type.Literal('installed'), Type.Literal('updated'), Type.Literal('unchanged')]),
  packId: Type.String(),
  version: Type.String(),
  previousVersion: Nullable(Type.String()),
  courses: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), language: Type.String(), lessons: Type.Integer(), activities: Type.Integer() })),
  mediaFiles: Type.Integer(),
  retiredLessons: Type.Array(Type.String()),
  retiredActivities: Type.Array(Type.String()),
});

export const ImportRefusal = Type.Object({
  code: Type.String(),
  message: Type.String(),
  problems: Type.Array(Problem, { description: 'every problem found, with file and line' }),
});

export const PackQuery = Type.Object({ force: Type.Optional(Type.Boolean({ description: 'install even if older than the installed version' })) });

export const PackList = Type.Array(
  Type.Object({ id: Type.String(), version: Type.String(), title: Type.String(), licence: Type.String(), courseIds: Type.Array(Type.String()), installedAt: Type.String() }),
);
