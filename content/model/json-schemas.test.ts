import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contentJsonSchemas, SCHEMA_DIR } from './json-schemas.ts';

describe('published JSON Schemas', () => {
  it('match the schemas the hub validates with (run `node --import tsx content/model/json-schemas.ts` after changing the model)', () => {
    for (const [name, schema] of Object.entries(contentJsonSchemas())) {
      const published = JSON.parse(readFileSync(path.join(SCHEMA_DIR, name), 'utf8'));
      expect(published, name).toEqual(schema);
    }
  });

  it('describe every activity kind', () => {
    const activity = contentJsonSchemas()['activity.schema.json'] as { oneOf: { properties: { kind: { const: string } } }[] };
    expect(activity.oneOf.map((s) => s.properties.kind.const).sort()).toEqual(['coding', 'matching', 'multiple-choice', 'numeric', 'ordering', 'short-text', 'single-choice', 'true-false', 'typing']);
  });
});
