import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { setUpAndSignIn, injectAs, personWithRoles, type TestSession } from '../../tests/support/auth.ts';
import { PNG } from '../../tests/support/packs.ts';
import { SEED_PACK_DIR } from '../config.ts';

afterAll(removeTempDirs);

const QUESTION = {
  id: 'x-a1', kind: 'single-choice', prompt: 'Which part shows pictures?',
  choices: [{ text: 'The screen', correct: true }, { text: 'The mouse' }], explanation: 'The **screen** shows pictures.',
};

async function upload(app: FastifyInstance, as: TestSession, name: string, bytes: Uint8Array, type = 'application/octet-stream') {
  const form = new FormData();
  form.append('file', new Blob([bytes.slice()], { type }), name);
  const encoded = new Response(form);
  return app.inject({
    method: 'POST', url: '/api/courses/media',
    headers: { ...as.headers, 'content-type': encoded.headers.get('content-type')! },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}

interface Hub { app: FastifyInstance; admin: TestSession; teacher: TestSession; teacher2: TestSession; learner: TestSession }

async function hub(overrides: { seed?: boolean; maxMediaBytes?: number } = {}): Promise<Hub> {
  const app = await buildTestApp({ dataDir: await makeTempDir(), seedPackDir: overrides.seed ? SEED_PACK_DIR : null, ...(overrides.maxMediaBytes ? { maxMediaBytes: overrides.maxMediaBytes } : {}) });
  const admin = await setUpAndSignIn(app);
  return {
    app, admin,
    teacher: await personWithRoles(app, admin, ['teacher'], 'Neema'),
    teacher2: await personWithRoles(app, admin, ['teacher'], 'Baraka'),
    learner: await personWithRoles(app, admin, ['learner'], 'Amina'),
  };
}

/** A course with one lesson holding text and a question; returns ids and revisions. */
async function courseWithLesson(h: Hub, blocks: unknown[] = [{ type: 'text', markdown: '# Screens\n\nThe screen shows pictures.' }, { type: 'activity', activity: QUESTION }]) {
  const created = await injectAs(h.app, h.teacher, { method: 'POST', url: '/api/courses', payload: { title: 'Our village market', language: 'en' } });
  expect(created.statusCode).toBe(201);
  const course = created.json();
  const lesson = (await injectAs(h.app, h.teacher, { method: 'POST', url: `/api/courses/${course.id}/draft/lessons`, payload: { moduleId: course.modules[0].id, title: 'Buying and selling' } })).json();
  const saved = await injectAs(h.app, h.teacher, { method: 'PUT', url: `/api/courses/${course.id}/draft/lessons/${lesson.id}`, payload: { rev: lesson.rev, title: 'Buying and selling', blocks } });
  expect(saved.statusCode).toBe(200);
  return { courseId: course.id as string, lessonId: lesson.id as string, lesson: saved.json() };
}

describe('authoring a course', () => {
  let h: Hub;
  beforeAll(async () => {
    h = await hub();
  }, 60_000);
  afterAll(() => h.app.close());

  it('creates a draft that learners never see until it is published', async () => {
    const { courseId, lessonId } = await courseWithLesson(h);
    const draft = (await injectAs(h.app, h.teacher, { url: `/api/courses/${courseId}/draft` })).json();
    expect(draft).toMatchObject({ id: courseId, publishedVersion: 0, meta: { title: 'Our village market', language: 'en', authors: ['Neema Otieno'] }, lessons: [{ id: lessonId, blockCount: 2 }] });
    expect(courseId.startsWith(`${h.app.store.hubId}-c-`)).toBe(true);
    expect((await injectAs(h.app, h.learner, { url: '/api/courses' })).json()).toEqual([]);
    expect((await injectAs(h.app, h.learner, { url: `/api/courses/${courseId}` })).statusCode).toBe(404);
    expect((await injectAs(h.app, h.learner, { url: `/api/lessons/${lessonId}` })).statusCode).toBe(404);
    // The draft is a hub-partition document (it goes to central for review), not content.
    expect(await h.app.store.databases.hub.get(`course-draft:${h.app.store.hubId}:${courseId}`)).toMatchObject({ type: 'course-draft' });
  });

  it('refuses a learner every authoring route (403)', async () => {
    const { courseId, lessonId, lesson } = await courseWithLesson(h);
    const calls = [
      { method: 'GET', url: '/api/courses/drafts' },
      { method: 'POST', url: '/api/courses', payload: { title: 'Mine', language: 'en' } },
      { method: 'GET', url: `/api/courses/${courseId}/draft` },
      { method: 'PUT', url: `/api/courses/${courseId}/draft/lessons/${lessonId}`, payload: { rev: lesson.rev, title: 'x', blocks: [] } },
      { method: 'GET', url: `/api/courses/${courseId}/draft/lessons/${lessonId}/preview` },
      { method: 'POST', url: `/api/courses/${courseId}/publish` },
      { method: 'GET', url: `/api/courses/${courseId}/versions` },
      { method: 'POST', url: `/api/courses/${courseId}/duplicate`, payload: {} },
    ] as const;
    for (const call of calls) {
      const response = await injectAs(h.app, h.learner, call as never);
      expect({ url: call.url, status: response.statusCode }).toEqual({ url: call.url, status: 403 });
    }
    expect((await upload(h.app, h.learner, 'a.png', PNG)).statusCode).toBe(403);
  });

  it('refuses a stale lesson save with who changed it, and saves over it only when asked (keep mine)', async () => {
    const { courseId, lessonId, lesson } = await courseWithLesson(h);
    const url = `/api/courses/${courseId}/draft/lessons/${lessonId}`;
    // Both teachers opened the same revision; Baraka saves first.
    const first = await injectAs(h.app, h.teacher2, { method: 'PUT', url, payload: { rev: lesson.rev, title: 'Buying and selling', blocks: [{ type: 'text', markdown: 'Baraka was here' }] } });
    expect(first.statusCode).toBe(200);
    const stale = await injectAs(h.app, h.teacher, { method: 'PUT', url, payload: { rev: lesson.rev, title: 'Buying and selling', blocks: [{ type: 'text', markdown: 'Neema was here' }] } });
    expect(stale.statusCode).toBe(409);
    const body = stale.json();
    expect(body).toMatchObject({ code: 'EDIT_CONFLICT', changedBy: { name: 'Baraka Otieno' }, currentRev: first.json().rev });
    expect(body.message).toMatch(/changed by Baraka Otieno at .* — reload or keep yours/);
    // Drafts travel to central: they name the editor by id only, the hub looks the name up.
    const stored = await h.app.store.databases.hub.allDocs({ include_docs: true, startkey: 'lesson-draft:', endkey: 'lesson-draft:\uffff' });
    for (const row of stored.rows) expect(Object.keys((row.doc as unknown as { updatedBy: object }).updatedBy)).toEqual(['id']);
    expect((await injectAs(h.app, h.teacher, { url })).json().blocks).toEqual([{ type: 'text', markdown: 'Baraka was here' }]);
    const kept = await injectAs(h.app, h.teacher, { method: 'PUT', url, payload: { rev: body.currentRev, title: 'Buying and selling', blocks: [{ type: 'text', markdown: 'Neema was here' }] } });
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ blocks: [{ markdown: 'Neema was here' }], updatedBy: { name: 'Neema Otieno' } });
  });

  it('refuses a stale course save, while adding lessons never conflicts', async () => {
    const { courseId } = await courseWithLesson(h);
    const read = (await injectAs(h.app, h.teacher, { url: `/api/courses/${courseId}/draft` })).json();
    // Baraka adds a lesson: the course changes under Neema's open page.
    await injectAs(h.app, h.teacher2, { method: 'POST', url: `/api/courses/${courseId}/draft/lessons`, payload: { moduleId: read.modules[0].id, title: 'Counting change' } });
    const stale = await injectAs(h.app, h.teacher, { method: 'PUT', url: `/api/courses/${courseId}/draft`, payload: { rev: read.rev, meta: { ...read.meta, title: 'Market maths' }, description: '', modules: read.modules } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().changedBy.name).toBe('Baraka Otieno');
    const latest = (await injectAs(h.app, h.teacher, { url: `/api/courses/${courseId}/draft` })).json();
    expect(latest.lessons).toHaveLength(2);
    const reordered = await injectAs(h.app, h.teacher, {
      method: 'PUT', url: `/api/courses/${courseId}/draft`,
      payload: { rev: latest.rev, meta: { ...latest.meta, title: 'Market maths' }, description: 'Intro', modules: [{ ...latest.modules[0], lessonIds: [...latest.modules[0].lessonIds].reverse() }, { title: 'Second module', lessonIds: [] }] },
    });
    expect(reordered.statusCode).toBe(200);
    expect(reordered.json().modules[0].lessonIds).toEqual([...latest.modules[0].lessonIds].reverse());
    expect(reordered.json().modules[1].id).toMatch(/-m-/);
    // A lesson taken out of every module is still listed with the course, so it is never lost from sight.
    const dropped = reordered.json().modules[0].lessonIds[0];
    const without = await injectAs(h.app, h.teacher, {
      method: 'PUT', url: `/api/courses/${courseId}/draft`,
      payload: { rev: reordered.json().rev, meta: reordered.json().meta, description: 'Intro', modules: [{ ...reordered.json().modules[0], lessonIds: reordered.json().modules[0].lessonIds.slice(1) }] },
    });
    expect(without.json().modules[0].lessonIds).not.toContain(dropped);
    expect(without.json().lessons.map((l: { id: string }) => l.id)).toContain(dropped);
  });

  it('refuses to publish a course with an invalid activity, listing every problem', async () => {
    const { courseId, lessonId } = await courseWithLesson(h, [
      { type: 'text', markdown: 'Some text ![missing](../../../media/nothing.png)' },
      { type: 'activity', activity: { id: 'bad-a1', kind: 'single-choice', prompt: 'Pick', choices: [{ text: 'A' }, { text: 'B' }] } },
      { type: 'activity', activity: { id: 'bad-a2', kind: 'numeric', prompt: 'How many?' } },
    ]);
    const response = await injectAs(h.app, h.teacher, { method: 'POST', url: `/api/courses/${courseId}/publish` });
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.code).toBe('COURSE_INVALID');
    expect(body.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ lessonId, activityId: 'bad-a1', block: 1, message: expect.stringMatching(/exactly one choice/) }),
      expect.objectContaining({ lessonId, activityId: 'bad-a2', block: 2, message: expect.stringMatching(/answer/) }),
      expect.objectContaining({ lessonId, block: 0, message: expect.stringMatching(/nothing\.png/) }),
    ]));
    expect((await injectAs(h.app, h.learner, { url: `/api/courses/${courseId}` })).statusCode).toBe(404);
    expect((await injectAs(h.app, h.teacher, { url: `/api/courses/${courseId}/versions` })).json()).toEqual([]);
  });

  it('publishes as version 1 that learners see and answer; a second publish is version 2; restore brings version 1 back', async () => {
    const { courseId, lessonId, lesson } = await courseWithLesson(h);
    const published = await injectAs(h.app, h.teacher, { method: 'POST', url: `/api/courses/${courseId}/publish` });
    expect(published.statusCode).toBe(201);
    expect(published.json()).toMatchObject({ courseId, version: 1, packId: `local-${courseId}`, lessons: 1, activities: 1 });
    const seen = (await injectAs(h.app, h.learner, { url: `/api/lessons/${lessonId}` })).json();
    expect(seen).toMatchObject({ courseTitle: 'Our village market', title: 'Buying and selling', activities: [{ id: 'x-a1', choices: ['The screen', 'The mouse'] }] });
    expect(JSON.stringify(seen)).not.toContain('correct');
    const check = await injectAs(h.app, h.learner, { method: 'POST', url: '/api/activities/x-a1/check', payload: { response: { choice: 0 } } });
    expect(check.json()).toMatchObject({ correct: true });
    expect((await injectAs(h.app, h.learner, { url: '/api/search?q=screen' })).json()[0]).toMatchObject({ courseId, lessonId });

    await injectAs(h.app, h.teacher, { method: 'PUT', url: `/api/courses/${courseId}/draft/lessons/${lessonId}`, payload: { rev: lesson.rev, title: 'Selling well', blocks: [{ type: 'text', markdown: 'Version two text.' }] } });
    expect((await injectAs(h.app, h.learner, { url: `/api/lessons/${lessonId}` })).json().title).toBe('Buying and selling'); // drafts stay hidden
    expect((await injectAs(h.app, h.teacher, { method: 'POST', url: `/api/courses/${courseId}/publish` })).json().version).toBe(2);
    expect((await injectAs(h.app, h.learner, { url: `/api/lessons/${lessonId}` })).json()).toMatchObject({ title: 'Selling well', activities: [] });
    expect((await injectAs(h.app, h.learner, { url: `/api/courses/${courseId}` })).json().version).toBe('2.0.0');

    const versions = (await injectAs(h.app, h.teacher, { url: `/api/courses/${courseId}/versions` })).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[1]).toMatchObject({ publishedBy: { name: 'Neema Otieno' }, lessonCount: 1 });
    const restored = await injectAs(h.app, h.teacher2, { method: 'POST', url: `/api/courses/${courseId}/versions/1/restore` });
    expect(restored.statusCode).toBe(200);
    const lessonAfter = (await injectAs(h.app, h.teacher, { url: `/api/courses/${courseId}/draft/lessons/${lessonId}` })).json();
    expect(lessonAfter).toMatchObject({ title: 'Buying and selling', updatedBy: { name: 'Baraka Otieno' }, blocks: [{ type: 'text' }, { type: 'activity', activity: { id: 'x-a1' } }] });
    expect((await injectAs(h.app, h.learner, { url: `/api/lessons/${lessonId}` })).json().title).toBe('Selling well'); // until published
    expect((await injectAs(h.app, h.teacher, { method: 'POST', url: `/api/courses/${courseId}/publish` })).json().version).toBe(3);
    expect((await injectAs(h.app, h.learner, { url: `/api/lessons/${lessonId}` })).json()).toMatchObject({ title: 'Buying and selling', activities: [{ id: 'x-a1' }] });
  });

  it('stores unsafe Markdown as written and renders it sanitised in the preview and once published', async () => {
    const unsafe = 'Hello <script>alert("x")</script>\n\n[click](javascript:alert(1))\n\n<img src=x onerror="alert(1)">';
    const { courseId, lessonId } = await courseWithLesson(h, [{ type: 'text', markdown: unsafe }]);
    expect((await injectAs(h.app, h.teacher, { url: `/api/courses/${courseId}/draft/lessons/${lessonId}` })).json().blocks[0].markdown).toBe(unsafe);
    const live = (await injectAs(h.app, h.teacher, { method: 'POST', url: `/api/courses/${courseId}/draft/render`, payload: { markdown: unsafe } })).json().html;
    const preview = (await injectAs(h.app, h.teacher, { url: `/api/courses/${courseId}/draft/lessons/${lessonId}/preview` })).json().html;
    await injectAs(h.app, h.teacher, { method: 'POST', url: `/api/courses/${courseId}/publish` });
    const published = (await injectAs(h.app, h.learner, { url: `/api/lessons/${lessonId}` })).json().html;
    for (const html of [live, preview, published]) {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/href="\s*javascript:/i);
      expect(html).not.toMatch(/<img[^>]*onerror/i);
      expect(html).toContain('&lt;script&gt;');
    }
  });

  it('previews a draft lesson for the author and checks answers without recording anything', async () => {
    const { courseId, lessonId } = await courseWithLesson(h, [
      { type: 'text', markdown: 'Read this.' },
      { type: 'activity', activity: QUESTION },
      { type: 'activity', activity: { id: 'half-done', kind: 'short-text', prompt: 'Name it' } },
    ]);
    const preview = (await injectAs(h.app, h.teacher, { url: `/api/courses/${courseId}/draft/lessons/${lessonId}/preview` })).json();
    expect(preview.steps.map((s: { type: string }) => s.type)).toEqual(['text', 'activity']);
    expect(preview.skippedActivities).toEqual(['half-done']);
    expect(JSON.stringify(preview)).not.toContain('correct');
    const check = await injectAs(h.app, h.teacher, { method: 'POST', url: `/api/courses/${courseId}/draft/lessons/${lessonId}/activities/x-a1/check`, payload: { response: { choice: 1 } } });
    expect(check.json()).toMatchObject({ correct: false, feedback: { explanationHtml: expect.stringContaining('<strong>screen</strong>') } });
    expect((await h.app.store.databases.hub.allDocs({ startkey: 'event:', endkey: 'event:\uffff' })).rows).toHaveLength(0);
  });
});

describe('media uploads', () => {
  let h: Hub;
  beforeAll(async () => {
    h = await hub({ maxMediaBytes: 4096 });
  }, 60_000);
  afterAll(() => h.app.close());

  it('stores an image by its hash and the lesson that uses it publishes with the file', async () => {
    const response = await upload(h.app, h.teacher, 'market.png', PNG, 'image/png');
    expect(response.statusCode).toBe(201);
    const media = response.json();
    expect(media).toMatchObject({ kind: 'image', mime: 'image/png', ref: `../../../media/${media.sha256}.png`, url: `/api/media/${media.sha256}.png` });
    expect((await injectAs(h.app, h.learner, { url: media.url })).statusCode).toBe(200);
    const { courseId, lessonId, lesson } = await courseWithLesson(h, [{ type: 'text', markdown: `A market.\n\n![Our market](${media.ref})` }]);
    expect(lesson.media[media.ref]).toMatchObject({ sha256: media.sha256, url: media.url });
    const live = (await injectAs(h.app, h.teacher, { method: 'POST', url: `/api/courses/${courseId}/draft/render`, payload: { markdown: `![Our market](${media.ref})` } })).json().html;
    expect(live).toContain(`src="${media.url}"`);
    expect((await injectAs(h.app, h.teacher, { method: 'POST', url: `/api/courses/${courseId}/publish` })).statusCode).toBe(201);
    expect((await injectAs(h.app, h.learner, { url: `/api/lessons/${lessonId}` })).json().html).toContain(`src="${media.url}"`);
    // And the published course exports as a pack with the picture in it.
    expect((await injectAs(h.app, h.teacher, { url: `/api/courses/${courseId}/export` })).statusCode).toBe(200);
  });

  it('refuses a file whose content is not an allowed type, whatever its name says', async () => {
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const renamed = await upload(h.app, h.teacher, 'photo.png', html, 'image/png');
    expect(renamed.statusCode).toBe(415);
    expect(renamed.json()).toMatchObject({ code: 'MEDIA_REFUSED', message: expect.stringMatching(/named \.png but its content is not image\/png/) });
    const exe = await upload(h.app, h.teacher, 'setup.exe', new TextEncoder().encode('MZ\x90\x00'));
    expect(exe.json()).toMatchObject({ code: 'MEDIA_REFUSED', message: expect.stringMatching(/"\.exe" files are not allowed/) });
    const svg = await upload(h.app, h.teacher, 'logo.svg', new TextEncoder().encode('<svg onload="alert(1)"></svg>'));
    expect(svg.json()).toMatchObject({ code: 'MEDIA_REFUSED', message: expect.stringMatching(/event-handler/) });
  });

  it('refuses a file over the size limit, with the limit in the message', async () => {
    const big = new Uint8Array(10_000);
    big.set(PNG.slice(0, 8));
    const response = await upload(h.app, h.teacher, 'big.png', big, 'image/png');
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'MEDIA_TOO_LARGE', message: expect.stringMatching(/4 KiB/) });
  });
});

describe('copies of existing courses', () => {
  let h: Hub;
  beforeAll(async () => {
    h = await hub({ seed: true });
  }, 120_000);
  afterAll(() => h.app.close());

  it('duplicates a seed course into a draft with new ids, which publishes beside the original', async () => {
    const response = await injectAs(h.app, h.teacher, { method: 'POST', url: '/api/courses/computer-basics-en/duplicate', payload: { title: 'Computer basics (Kisumu)' } });
    expect(response.statusCode).toBe(201);
    const copy = response.json();
    expect(copy).toMatchObject({ copiedFrom: 'computer-basics-en', meta: { title: 'Computer basics (Kisumu)', language: 'en' }, publishedVersion: 0 });
    expect(copy.lessons).toHaveLength(7);
    const lesson = (await injectAs(h.app, h.teacher, { url: `/api/courses/${copy.id}/draft/lessons/${copy.lessons[0].id}` })).json();
    const original = await h.app.content.repository.getLesson('cb-en-l01');
    expect(lesson.title).toBe(original!.title);
    const activities = lesson.blocks.filter((b: { type: string }) => b.type === 'activity');
    expect(activities).toHaveLength(original!.activities.length);
    expect(activities.every((b: { activity: { id: string } }) => b.activity.id.startsWith(`${h.app.store.hubId}-a-`))).toBe(true);
    expect(Object.keys(lesson.media).length).toBeGreaterThan(0);
    const published = await injectAs(h.app, h.teacher, { method: 'POST', url: `/api/courses/${copy.id}/publish` });
    expect(published.json()).toMatchObject({ version: 1, lessons: 7 });
    const catalogue = (await injectAs(h.app, h.learner, { url: '/api/courses?lang=en' })).json().map((c: { id: string }) => c.id);
    expect(catalogue).toEqual(expect.arrayContaining(['computer-basics-en', copy.id]));
    expect((await injectAs(h.app, h.learner, { url: `/api/lessons/${copy.lessons[0].id}` })).json().html).toMatch(/src="\/api\/media\/[a-f0-9]{64}\.svg"/);
  });

  it('translates a course as a linked copy in the target language', async () => {
    const response = await injectAs(h.app, h.teacher, { method: 'POST', url: '/api/courses/e-waste-en/translate', payload: { language: 'sw', title: 'Taka za kielektroniki' } });
    expect(response.statusCode).toBe(201);
    const copy = response.json();
    expect(copy.meta).toMatchObject({ language: 'sw', translationOf: 'e-waste-en', title: 'Taka za kielektroniki' });
    expect((await injectAs(h.app, h.teacher, { method: 'POST', url: `/api/courses/${copy.id}/publish` })).statusCode).toBe(201);
    const original = (await injectAs(h.app, h.learner, { url: '/api/courses/e-waste-en' })).json();
    expect(original.translations).toEqual(expect.arrayContaining([{ id: copy.id, language: 'sw', title: 'Taka za kielektroniki' }]));
    const drafts = (await injectAs(h.app, h.teacher, { url: '/api/courses/drafts' })).json();
    expect(drafts).toEqual(expect.arrayContaining([expect.objectContaining({ id: copy.id, translationOf: 'e-waste-en', publishedVersion: 1 })]));
  });
});
