// Every language offers the same strings: for each folder of locale files
// (client/locales for the shell, client/locales/<area> for the rest), every
// file has exactly the key set of the English one, and every error code the
// hub can answer with has a translation, so no learner sees a raw key.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../server/errors.ts';

const ROOT = path.join(import.meta.dirname, 'locales');

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

const folders = [ROOT, ...readdirSync(ROOT).map((name) => path.join(ROOT, name)).filter((p) => statSync(p).isDirectory())];

describe('locale files', () => {
  for (const folder of folders) {
    const files = readdirSync(folder).filter((name) => name.endsWith('.json'));
    if (files.length === 0) continue;
    it(`${path.relative(ROOT, folder) || 'locales'} has an English file, the reference`, () => expect(files).toContain('en.json'));
    if (!files.includes('en.json')) continue;
    const english = keysOf(JSON.parse(readFileSync(path.join(folder, 'en.json'), 'utf8'))).sort();
    for (const file of files.filter((name) => name !== 'en.json')) {
      it(`${path.relative(ROOT, path.join(folder, file)) || file} has the same keys as en.json`, () => {
        const keys = keysOf(JSON.parse(readFileSync(path.join(folder, file), 'utf8'))).sort();
        expect(keys).toEqual(english);
      });
    }
  }

  // svelte-i18n merges every file of a language, so an area may carry its own codes.
  it('translates every error code of the catalogue', () => {
    for (const file of readdirSync(ROOT).filter((name) => name.endsWith('.json'))) {
      const errors = new Set<string>();
      for (const folder of folders) {
        const candidate = path.join(folder, file);
        try {
          const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as { errors?: Record<string, string> };
          for (const code of Object.keys(parsed.errors ?? {})) errors.add(code);
        } catch {
          // this area has no file for the language
        }
      }
      const missing = ERROR_CODES.filter((code) => !errors.has(code));
      expect({ file, missing }).toEqual({ file, missing: [] });
    }
  });
});
