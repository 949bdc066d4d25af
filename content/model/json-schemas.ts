// The published JSON Schemas of the pack format (content/schema/*.schema.json),
// generated from the same TypeBox schemas the hub validates with, so the
// published contract cannot drift from the code. Regenerate with
// `node --import tsx content/model/json-schemas.ts` (a test checks they match).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { CourseFrontMatter, LessonFrontMatter, PackManifest } from './course.ts';
import { ACTIVITY_SCHEMAS } from './activities.ts';

const BASE = 'https://darasa.invalid/schema';

export function contentJsonSchemas(): Record<string, object> {
  const wrap = (id: string, title: string, schema: object) => ({ $schema: 'http://json-schema.org/draft-07/schema#', $id: `${BASE}/${id}`, title, ...JSON.parse(JSON.stringify(schema)) });
  return {
    'pack.schema.json': wrap('pack.schema.json', 'Darasa content pack manifest (pack.json)', PackManifest),
    'course.schema.json': wrap('course.schema.json', 'Darasa course front matter (course.md)', CourseFrontMatter),
    'lesson.schema.json': wrap('lesson.schema.json', 'Darasa lesson front matter', LessonFrontMatter),
    'activity.schema.json': wrap('activity.schema.json', 'Darasa activity block (```activity YAML in a lesson)', { oneOf: Object.values(ACTIVITY_SCHEMAS) }),
  };
}

export const SCHEMA_DIR = fileURLToPath(new URL('../schema/', import.meta.url));

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [name, schema] of Object.entries(contentJsonSchemas())) {
    writeFileSync(path.join(SCHEMA_DIR, name), `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote content/schema/${name}`);
  }
}
