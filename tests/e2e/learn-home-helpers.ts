// Over-HTTP helpers for the learner-home and offline-shell browser tests: real
// hub processes, people created and packs uploaded as an administrator, and
// learning events posted with a learner's own session (the quick way to make
// progress without playing every lesson in the browser).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import type { PackFiles } from '../../content/pack/files.ts';
import { writePackZip } from '../../content/pack/write-zip.ts';
import { MANIFEST_PATH } from '../../content/pack/checksums.ts';
import type { TestSession } from '../support/auth.ts';
import { buildPack, text, withChecksums } from '../support/packs.ts';

/** A free TCP port, so a restarted hub comes back on the same origin (the
 * service worker and the page belong to that origin). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function cookieOf(response: Response): string {
  const first = response.headers.getSetCookie()[0];
  if (!first) throw new Error('no session cookie was set');
  return first.split(';')[0]!;
}

export async function createLearner(url: string, admin: TestSession, person: { givenName: string; familyName: string; pin: string; language?: string }): Promise<string> {
  const response = await fetch(`${url}/api/people`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ roles: ['learner'], ...person }),
  });
  if (response.status !== 201) throw new Error(`creating a learner failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

export async function signInLearnerOverHttp(url: string, personId: string, pin: string): Promise<TestSession> {
  const response = await fetch(`${url}/api/session/learner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ personId, pin }),
  });
  if (response.status !== 200) throw new Error(`learner sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = cookieOf(response);
  const body = (await response.json()) as { csrfToken: string; user: TestSession['user'] };
  return { cookie, csrfToken: body.csrfToken, headers: { cookie, 'x-csrf-token': body.csrfToken }, user: body.user };
}

export async function uploadPackOverHttp(url: string, admin: TestSession, files: PackFiles): Promise<void> {
  const form = new FormData();
  form.append('pack', new Blob([(await writePackZip(files)).slice()], { type: 'application/zip' }), 'pack.zip');
  const response = await fetch(`${url}/api/packs`, { method: 'POST', headers: admin.headers, body: form });
  if (response.status >= 300) throw new Error(`pack upload failed: ${response.status} ${await response.text()}`);
}

/** The test pack of tests/support/packs.ts moved into another language, with
 * its own ids so both packs can be installed side by side. */
export function packInLanguage(language: string, title: string): PackFiles {
  const source = buildPack({ packId: `test-pack-${language}`, courseId: `test-course-${language}` });
  const files: PackFiles = new Map();
  for (const [name, bytes] of source) {
    if (name === MANIFEST_PATH) continue;
    const changed = new TextDecoder()
      .decode(bytes)
      .replace(/^language: en$/m, `language: ${language}`)
      .replace(/^title: Test course$/m, `title: ${title}`)
      .replaceAll('t-l0', `${language}-l0`)
      .replaceAll('t-m1', `${language}-m1`);
    files.set(name, name.endsWith('.png') ? bytes : text(changed));
  }
  return withChecksums(files, { packId: `test-pack-${language}`, version: '1.0.0', courses: [`test-course-${language}`] });
}

/** The test pack with its second lesson made a quiz of one true/false question. */
export function packWithQuiz(): PackFiles {
  const files = buildPack({
    lesson2Body: ['A keyboard has keys.', '', '```activity', 'id: t-l02-q1', 'kind: true-false', 'prompt: A keyboard has keys.', 'answer: true', '```'].join('\n'),
  });
  const name = 'courses/test-course/lessons/02-second.md';
  const lesson = new TextDecoder().decode(files.get(name)).replace(/^title: (.*)$/m, 'title: $1\nquiz:\n  passScore: 0.6');
  files.set(name, text(lesson));
  return withChecksums(files);
}

export interface EventInput {
  verb: 'opened' | 'answered' | 'mastered' | 'completed' | 'submitted' | 'typed' | 'spent';
  object: { courseId: string; lessonId: string; activityId?: string };
  result?: Record<string, unknown>;
}

/** POST /api/events as the learner; fails unless every event is accepted. */
export async function postEvents(url: string, learner: TestSession, events: EventInput[]): Promise<void> {
  // One second apart, in the order given: "last opened" must not depend on a tie.
  const start = Date.now() - events.length * 1000;
  const body = { events: events.map((event, i) => ({ id: randomUUID(), at: new Date(start + i * 1000).toISOString(), ...event })) };
  const response = await fetch(`${url}/api/events`, { method: 'POST', headers: { ...learner.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as { accepted?: string[] };
  if (response.status !== 200 || answer.accepted?.length !== events.length) throw new Error(`events refused: ${response.status} ${JSON.stringify(answer)}`);
}

/** Signs a learner in like a child would: their name on the grid, then the PIN pad. */
export async function signInLearnerInBrowser(page: Page, url: string, shortName: RegExp, pin: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByRole('button', { name: shortName }).click();
  for (const digit of pin) await page.getByRole('button', { name: digit, exact: true }).click();
  await page.locator('[data-testid="who-am-i"]').waitFor();
}

export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
