// Small, valid content packs built in memory for tests, and ways to spoil them.
// `buildPack` returns files with correct checksums; tests change a file and call
// `withChecksums` again (or not, to test the checksum check).
import type { FastifyInstance } from 'fastify';
import type { PackFiles } from '../../content/pack/files.ts';
import { computeChecksums, MANIFEST_PATH } from '../../content/pack/checksums.ts';
import { writePackZip } from '../../content/pack/write-zip.ts';
import type { TestSession } from './auth.ts';

const encoder = new TextEncoder();
export const text = (value: string) => encoder.encode(value);

/** A 1×1 transparent PNG. */
export const PNG = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));

export interface PackOptions {
  packId?: string;
  version?: string;
  courseVersion?: string;
  courseId?: string;
  /** Replaces lesson 2's body (after front matter). */
  lesson2Body?: string;
  /** Leave lesson 2 out of the pack (to test updates). */
  withoutLesson2?: boolean;
  /** Activities of lesson 1 (YAML blocks). */
  lesson1Activities?: string[];
}

export const QUESTION = `\`\`\`activity
id: t-l01-a1
kind: single-choice
prompt: Which part shows pictures?
choices:
  - text: The screen
    correct: true
  - text: The mouse
hint: You look at it.
explanation: The screen shows pictures.
\`\`\``;

export const TYPING = `\`\`\`activity
id: t-l01-a2
kind: typing
prompt: Type the words.
text: the cat sat on a mat
\`\`\``;

export function buildPack(options: PackOptions = {}): PackFiles {
  const courseId = options.courseId ?? 'test-course';
  const lessons = options.withoutLesson2 ? ['01-first'] : ['01-first', '02-second'];
  const files: PackFiles = new Map();
  files.set(`courses/${courseId}/course.md`, text(`---
id: ${courseId}
title: Test course
language: en
level: beginner
tags: [testing]
estimatedMinutes: 30
licence: CC-BY-SA-4.0
authors: [Test author]
version: ${options.courseVersion ?? options.version ?? '1.0.0'}
modules:
  - id: t-m1
    title: The only module
    lessons: [${lessons.join(', ')}]
---
A course made for **tests**.
`));
  files.set(`courses/${courseId}/lessons/01-first.md`, text(`---
id: t-l01
title: The first lesson about screens
estimatedMinutes: 10
---
# Screens

The screen shows pictures. ![A screen](../../../media/screen.png)

${(options.lesson1Activities ?? [QUESTION, TYPING]).join('\n\nMore text between activities.\n\n')}

The end of the lesson.
`));
  if (!options.withoutLesson2) {
    files.set(`courses/${courseId}/lessons/02-second.md`, text(`---
id: t-l02
title: The second lesson about keyboards
---
${options.lesson2Body ?? 'A keyboard has keys. Press **Enter** to finish a line.'}
`));
  }
  files.set('media/screen.png', PNG);
  return withChecksums(files, { packId: options.packId ?? 'test-pack', version: options.version ?? '1.0.0', courses: [courseId] });
}

export function withChecksums(files: PackFiles, manifest?: { packId: string; version: string; courses: string[] }): PackFiles {
  const current = files.has(MANIFEST_PATH) ? JSON.parse(new TextDecoder().decode(files.get(MANIFEST_PATH))) : {};
  const next = manifest
    ? { format: 1, id: manifest.packId, version: manifest.version, title: 'Test pack', licence: 'CC-BY-SA-4.0', courses: manifest.courses }
    : current;
  files.delete(MANIFEST_PATH);
  files.set(MANIFEST_PATH, text(JSON.stringify({ ...next, files: computeChecksums(files) }, null, 2)));
  return files;
}

/** POST /api/packs with the pack as a multipart .zip upload. */
export async function uploadPack(app: FastifyInstance, as: TestSession, zip: Uint8Array, query = '') {
  const form = new FormData();
  form.append('pack', new Blob([zip.slice()], { type: 'application/zip' }), 'pack.zip');
  const encoded = new Response(form);
  return app.inject({
    method: 'POST',
    url: `/api/packs${query}`,
    headers: { ...as.headers, 'content-type': encoded.headers.get('content-type')! },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}

export async function uploadFiles(app: FastifyInstance, as: TestSession, files: PackFiles, query = '') {
  return uploadPack(app, as, await writePackZip(files), query);
}
