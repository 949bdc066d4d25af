import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { setUpAndSignIn, injectAs, personWithRoles, type TestSession } from '../../tests/support/auth.ts';
import { buildPack, uploadFiles, uploadPack, withChecksums, QUESTION } from '../../tests/support/packs.ts';
import { writePackZip } from '../../content/pack/write-zip.ts';
import { readPackZip } from '../../content/pack/read-zip.ts';
import { SEED_PACK_DIR } from '../config.ts';

afterAll(removeTempDirs);

async function freshHub(options: { seed?: boolean } = {}) {
  const dataDir = await makeTempDir();
  const app = await buildTestApp({ dataDir, seedPackDir: options.seed ? SEED_PACK_DIR : null });
  const admin = await setUpAndSignIn(app);
  return { app, admin, dataDir };
}

/** Every content document and media file, to prove a refused import changed nothing. */
async function snapshot(app: FastifyInstance, dataDir: string) {
  const docs = await app.store.databases.content.allDocs({ include_docs: true });
  const media = await readdir(path.join(dataDir, 'media'), { recursive: true }).catch(() => []);
  return { docs: docs.rows.map((r) => r.doc), media: [...media].sort() };
}

describe('the seed curriculum on a new hub', () => {
  let app: FastifyInstance;
  let learner: TestSession;
  beforeAll(async () => {
    const hub = await freshHub({ seed: true });
    app = hub.app;
    learner = await personWithRoles(app, hub.admin, ['learner'], 'Amina');
  });
  afterAll(() => app.close());

  it('lists every seed course, filtered by language and tag', async () => {
    const all = (await injectAs(app, learner, { url: '/api/courses' })).json();
    expect(all.map((c: { id: string }) => c.id).sort()).toEqual([
      'coding-first-steps-en', 'computer-basics-en', 'computer-basics-fr', 'computer-basics-sw', 'e-waste-en', 'e-waste-fr', 'teaching-digital-classroom-en',
    ]);
    const swahili = (await injectAs(app, learner, { url: '/api/courses?lang=sw' })).json();
    expect(swahili).toEqual([expect.objectContaining({ id: 'computer-basics-sw', title: 'Misingi ya kompyuta', language: 'sw', lessonCount: 7 })]);
    const coding = (await injectAs(app, learner, { url: '/api/courses?tag=javascript' })).json();
    expect(coding.map((c: { id: string }) => c.id)).toEqual(['coding-first-steps-en']);
  });

  it('gives a course with its modules, lessons and translations', async () => {
    const course = (await injectAs(app, learner, { url: '/api/courses/computer-basics-en' })).json();
    expect(course.modules.flatMap((m: { lessons: unknown[] }) => m.lessons)).toHaveLength(7);
    expect(course.translations.map((t: { language: string }) => t.language).sort()).toEqual(['fr', 'sw']);
  });

  it('sends a lesson without any answer in it', async () => {
    const response = await injectAs(app, learner, { url: '/api/lessons/code-en-l01' });
    expect(response.statusCode).toBe(200);
    const lesson = response.json();
    const doc = await app.content.repository.getLesson('code-en-l01');
    const coding = doc!.activities.find((a) => a.kind === 'coding')!;
    expect(response.body).not.toContain(JSON.stringify(coding.kind === 'coding' ? coding.solution : '').slice(1, -1));
    for (const activity of lesson.activities) {
      expect(Object.keys(activity)).not.toEqual(expect.arrayContaining(['correct']));
      for (const field of ['answer', 'accept', 'solution', 'tests', 'pairs', 'explanation']) expect(activity[field], field).toBeUndefined();
    }
    expect(lesson.steps.filter((s: { type: string }) => s.type === 'activity')).toHaveLength(lesson.activities.length);
  });

  it('finds lessons by search in each language, with snippets', async () => {
    const en = (await injectAs(app, learner, { url: '/api/search?q=keyboard&lang=en' })).json();
    expect(en[0]).toMatchObject({ courseId: 'computer-basics-en', lessonId: 'cb-en-l02' });
    expect(en[0].snippet.toLowerCase()).toContain('keyboard');
    const fr = (await injectAs(app, learner, { url: '/api/search?q=ecran&lang=fr' })).json();
    expect(fr.length).toBeGreaterThan(0);
    const sw = (await injectAs(app, learner, { url: '/api/search?q=kibodi&lang=sw' })).json();
    expect(sw[0].courseId).toBe('computer-basics-sw');
    const hostile = await injectAs(app, learner, { url: `/api/search?q=${encodeURIComponent('title:* +~^ "<script>')}` });
    expect(hostile.statusCode).toBe(200);
  });

  it('serves lesson media by hash with range requests', async () => {
    const lesson = (await injectAs(app, learner, { url: '/api/lessons/cb-en-l01' })).json();
    const src = /src="(\/api\/media\/[a-f0-9]{64}\.svg)"/.exec(lesson.html)![1]!;
    const partial = await injectAs(app, learner, { url: src, headers: { range: 'bytes=0-9' } });
    expect(partial.statusCode).toBe(206);
    expect(partial.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(partial.body).toHaveLength(10);
    const missing = await injectAs(app, learner, { url: `/api/media/${'0'.repeat(64)}.png` });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses a learner who tries to import a pack', async () => {
    const response = await uploadFiles(app, learner, buildPack());
    expect(response.statusCode).toBe(403);
  });
});

describe('importing packs', () => {
  it('installs, then answers "unchanged" for the same version, and refuses an older one unless forced', async () => {
    const { app, admin, dataDir } = await freshHub();
    const first = await uploadFiles(app, admin, buildPack({ version: '1.1.0' }));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'installed', packId: 'test-pack', version: '1.1.0', courses: [{ id: 'test-course', lessons: 2, activities: 2 }], mediaFiles: 1 });
    expect((await uploadFiles(app, admin, buildPack({ version: '1.1.0' }))).json().status).toBe('unchanged');

    const before = await snapshot(app, dataDir);
    const older = await uploadFiles(app, admin, buildPack({ version: '1.0.0' }));
    expect(older.statusCode).toBe(409);
    expect(older.json().code).toBe('PACK_OLDER');
    expect(await snapshot(app, dataDir)).toEqual(before);

    const forced = await uploadFiles(app, admin, buildPack({ version: '1.0.0' }), '?force=true');
    expect(forced.statusCode).toBe(201);
    expect(forced.json()).toMatchObject({ status: 'updated', previousVersion: '1.1.0' });
    await app.close();
  });

  it('updates a course in place and keeps removed lessons and activities as retired', async () => {
    const { app, admin } = await freshHub();
    await uploadFiles(app, admin, buildPack({ version: '1.0.0' }));
    const update = await uploadFiles(app, admin, buildPack({ version: '2.0.0', withoutLesson2: true, lesson1Activities: [QUESTION] }));
    expect(update.json()).toMatchObject({ status: 'updated', previousVersion: '1.0.0', retiredLessons: ['t-l02'], retiredActivities: ['t-l01-a2'] });
    const course = (await injectAs(app, admin, { url: '/api/courses/test-course' })).json();
    expect(course.modules[0].lessons.map((l: { id: string }) => l.id)).toEqual(['t-l01']);
    expect((await injectAs(app, admin, { url: '/api/lessons/t-l02' })).statusCode).toBe(404);
    const lesson = await app.content.repository.getLesson('t-l01');
    expect(lesson!.activities.map((a) => a.id)).toEqual(['t-l01-a1']);
    expect(lesson!.retiredActivities).toEqual([expect.objectContaining({ id: 't-l01-a2', kind: 'typing', retiredInVersion: '2.0.0' })]);
    // The retired lesson's document is still there for history.
    expect((await app.content.repository.getLesson('t-l02'))?.retired).toBe(true);
    await app.close();
  });

  it('refuses an invalid pack with every problem, and leaves the hub exactly as it was', async () => {
    const { app, admin, dataDir } = await freshHub();
    await uploadFiles(app, admin, buildPack());
    const before = await snapshot(app, dataDir);
    const broken = buildPack({ version: '2.0.0', lesson1Activities: ['```activity\nid: t-l01-a9\nkind: numeric\nprompt: How many?\n```'] });
    broken.set('media/virus.exe', new TextEncoder().encode('MZ'));
    const response = await uploadFiles(app, admin, withChecksums(broken));
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.code).toBe('PACK_INVALID');
    expect(body.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: 'courses/test-course/lessons/01-first.md', line: expect.any(Number) }),
      expect.objectContaining({ file: 'media/virus.exe' }),
    ]));
    expect(await snapshot(app, dataDir)).toEqual(before);
    await app.close();
  });

  it('refuses a zip entry that escapes the pack folder, changing nothing', async () => {
    const { app, admin, dataDir } = await freshHub();
    const files = buildPack();
    files.set('xx/evil.md', new TextEncoder().encode('pwned'));
    const zip = Buffer.from(await writePackZip(files));
    // Same length, so offsets stay valid: the name becomes ../evil.md in both headers.
    const patched = Buffer.from(zip.toString('latin1').replaceAll('xx/evil.md', '../evil.md'), 'latin1');
    const before = await snapshot(app, dataDir);
    const response = await uploadPack(app, admin, new Uint8Array(patched));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'PACK_UNREADABLE', message: expect.stringMatching(/\.\.\/evil\.md/) });
    expect(await snapshot(app, dataDir)).toEqual(before);
    await app.close();
  });

  it('refuses a pack larger than the hub accepts, changing nothing', async () => {
    const dataDir = await makeTempDir();
    const app = await buildTestApp({ dataDir, maxPackBytes: 2048 });
    const admin = await setUpAndSignIn(app);
    const files = buildPack();
    files.set('media/big.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, ...crypto.getRandomValues(new Uint8Array(8000))]));
    const response = await uploadFiles(app, admin, withChecksums(files));
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'PACK_TOO_LARGE', message: expect.stringMatching(/larger than/) });
    expect((await injectAs(app, admin, { url: '/api/packs' })).json()).toEqual([]);
    await app.close();
  });

  it('refuses an upload that is not a zip with a clear message', async () => {
    const { app, admin } = await freshHub();
    const response = await uploadPack(app, admin, new TextEncoder().encode('this is not a zip file at all'));
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('PACK_UNREADABLE');
    await app.close();
  });

  it('stores unsafe Markdown as written and renders it safe', async () => {
    const { app, admin } = await freshHub();
    const body = [
      'Hello <script>alert("x")</script>',
      '',
      '[click me](javascript:alert(1)) and [ok](https://example.org)',
      '',
      '<img src=x onerror="alert(1)">',
      '',
      '<a href="#" onclick="steal()">raw link</a>',
    ].join('\n');
    await uploadFiles(app, admin, buildPack({ lesson2Body: body }));
    const stored = await app.content.repository.getLesson('t-l02');
    expect(stored!.body).toContain('<script>alert("x")</script>');
    const html: string = (await injectAs(app, admin, { url: '/api/lessons/t-l02' })).json().html;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/href="\s*javascript:/i);
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toMatch(/<[a-z]+[^>]*\sonclick=/i); // escaped text is fine, an element with the handler is not
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('href="https://example.org"');
    await app.close();
  });
});

describe('exporting', () => {
  it('exports a course that imports on another hub as the same course, byte for byte on re-export', async () => {
    const a = await freshHub();
    await uploadFiles(a.app, a.admin, buildPack());
    const exported = await injectAs(a.app, a.admin, { url: '/api/courses/test-course/export' });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe('application/zip');
    const zip = new Uint8Array(exported.rawPayload);
    expect([...(await readPackZip(zip)).keys()].sort()).toEqual(['courses/test-course/course.md', 'courses/test-course/lessons/01-first.md', 'courses/test-course/lessons/02-second.md', 'media/screen.png', 'pack.json']);

    const b = await freshHub();
    expect((await uploadPack(b.app, b.admin, zip)).statusCode).toBe(201);
    const strip = ({ _rev, createdAt, updatedAt, packId, ...rest }: Record<string, unknown>) => rest;
    for (const id of ['course:test-course', 'lesson:t-l01', 'lesson:t-l02']) {
      expect(strip(await b.app.store.databases.content.get(id) as never)).toEqual(strip(await a.app.store.databases.content.get(id) as never));
    }
    const again = await injectAs(b.app, b.admin, { url: '/api/courses/test-course/export' });
    expect(new Uint8Array(again.rawPayload)).toEqual(new Uint8Array(exported.rawPayload));
    await a.app.close();
    await b.app.close();
  });
});
