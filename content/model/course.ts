// Courses, modules, lessons and the pack manifest: the schemas of their front
// matter and of pack.json, shared by the pack validator, the hub's documents
// and the published JSON Schema.
import { Type, type Static } from 'typebox';
import { Id } from './activities.ts';

export const LANGUAGE_PATTERN = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$';
const Language = Type.String({ pattern: LANGUAGE_PATTERN, description: 'BCP 47 language code: en, fr, sw, …' });
export const SEMVER_PATTERN = '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$';
const Version = Type.String({ pattern: SEMVER_PATTERN, description: 'MAJOR.MINOR.PATCH' });
const Slug = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$', description: 'a file or folder name without extension' });

export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export const AUDIENCES = ['learner', 'teacher'] as const;

export const PackManifest = Type.Object(
  {
    format: Type.Literal(1),
    id: Id,
    version: Version,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    language: Type.Optional(Language),
    licence: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    courses: Type.Array(Slug, { minItems: 1, maxItems: 500 }),
    files: Type.Record(Type.String(), Type.String({ pattern: '^[a-f0-9]{64}$' })),
  },
  { additionalProperties: false, title: 'Darasa content pack manifest (pack.json)' },
);
export type PackManifest = Static<typeof PackManifest>;

export const ModuleDef = Type.Object(
  { id: Id, title: Type.String({ minLength: 1, maxLength: 200 }), lessons: Type.Array(Slug, { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
);

export const CourseFrontMatter = Type.Object(
  {
    id: Id,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    language: Language,
    level: Type.Union(LEVELS.map((level) => Type.Literal(level))),
    tags: Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }), { maxItems: 30 }),
    estimatedMinutes: Type.Integer({ minimum: 1, maximum: 100000 }),
    licence: Type.String({ minLength: 1, maxLength: 100 }),
    authors: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 50 }),
    version: Version,
    audience: Type.Optional(Type.Union(AUDIENCES.map((audience) => Type.Literal(audience)))),
    translationOf: Type.Optional(Id),
    modules: Type.Array(ModuleDef, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false, title: 'Darasa course front matter (course.md)' },
);
export type CourseFrontMatter = Static<typeof CourseFrontMatter>;

export const QuizSettings = Type.Object(
  {
    timeLimitMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 600, description: 'the quiz is submitted when time runs out' })),
    passScore: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'share of points needed to pass (default 0.6)' })),
  },
  { additionalProperties: false, description: 'Makes the lesson a quiz: its activities are answered, then submitted together for a score.' },
);
export type QuizSettings = Static<typeof QuizSettings>;

export const LessonFrontMatter = Type.Object(
  {
    id: Id,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    estimatedMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    quiz: Type.Optional(QuizSettings),
  },
  { additionalProperties: false, title: 'Darasa lesson front matter' },
);
export type LessonFrontMatter = Static<typeof LessonFrontMatter>;
