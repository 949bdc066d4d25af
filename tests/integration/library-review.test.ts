// The shared library's path through central (issue 9), with two hubs, against
// the embedded central and — when COUCHDB_URL, COUCHDB_ADMIN_USER and
// COUCHDB_ADMIN_PASSWORD are set — a real Apache CouchDB 3 (skipped with the
// reason in its name otherwise): a course a trainer approves on hub A travels with A's sync
// as a library-submission, central's publisher checks it and publishes it, and
// hub B installs it at its next sync, where teachers see it in GET /api/library
// and duplicate it. An unapproved course, a submission forged without a valid
// approval, and a library-pack document pushed by a hub never reach the
// library. A new approved version reaches B without losing a learner's progress
// on the first. Hub A never installs the library copy of its own course. A
// course with a ~700 KB picture travels in several submission parts and library
// chunks, and hub B serves the picture's exact bytes.
// Central checks the approver itself: a roaming trainer from another hub counts,
// a teacher or the course's author does not, whatever the hub wrote.
// On CouchDB the hubs have fresh random ids, the publisher runs over this run's
// hubs only (`hubIds`, the CLI's `--hub`), every assertion is scoped to this run's
// hubs and courses (the server's library is shared with other runs), and
// the hubs' databases and users, their staff accounts and the library packs,
// chunks and decisions of their courses are deleted afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral, hubDatabase } from '../../sync/central/provision.ts';
import { listLibrary } from '../../sync/library/publish.ts';
import { listDecisions, publishSubmissions, type PublishSubmissionsResult } from '../../sync/library/submissions.ts';
import type { CentralAdmin } from '../../sync/central/couch-http.ts';
import { removeHubsFromCouch } from '../support/couchdb-cleanup.ts';
import { buildTestApp } from '../support/test-app.ts';
import { injectAs, personWithRoles, setUpAndSignIn, type TestSession } from '../support/auth.ts';
import { connectHub, syncStatus } from '../support/sync-check.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { runDarasa } from '../support/darasa-cli.ts';
import { PNG } from '../support/packs.ts';
import { buildLibraryZip } from '../../server/reviews/library-pack.ts';
import type { CourseReviewDoc, LibrarySubmissionDoc } from '../../sync/training-documents.ts';
import { SUBMISSION_PART_BYTES, submissionPartDocs, submissionPartId } from '../../sync/library/reviewed-packs.ts';
import type { Database } from '../../sync/pouchdb.ts';
import type { CourseVersionDoc } from '../../sync/authoring-documents.ts';

const couchUrl = process.env.COUCHDB_URL?.replace(/\/+$/, '');
const SKIP = couchUrl ? '' : ' [skipped: set COUCHDB_URL, COUCHDB_ADMIN_USER and COUCHDB_ADMIN_PASSWORD to run against Apache CouchDB 3]';
const QUESTION = { kind: 'single-choice', prompt: 'How much is 2 + 3 shillings?', choices: [{ text: '5', correct: true }, { text: '6' }] };

interface Central {
  /** Central's administrator, as the publisher and the CLI use it. */
  admin: { url: string; adminUser: string; adminPassword: string };
  /** A shared real CouchDB: leave it as it was found. */
  real: boolean;
  close(): Promise<void>;
}

interface Hub { app: FastifyInstance; admin: TestSession; teacher: TestSession; trainer: TestSession; registration: { username: string; password: string } }

/** A course with two lessons written and published by the hub's teacher. */
async function publishedCourse(hub: Hub, title: string) {
  const { app, teacher } = hub;
  const course = (await injectAs(app, teacher, { method: 'POST', url: '/api/courses', payload: { title, language: 'en' } })).json();
  const lessons: { id: string; rev: string }[] = [];
  for (const lessonTitle of ['Coins', 'Notes']) {
    const lesson = (await injectAs(app, teacher, { method: 'POST', url: `/api/courses/${course.id}/draft/lessons`, payload: { moduleId: course.modules[0].id, title: lessonTitle } })).json();
    const saved = await injectAs(app, teacher, { method: 'PUT', url: `/api/courses/${course.id}/draft/lessons/${lesson.id}`, payload: { rev: lesson.rev, title: lessonTitle, blocks: [{ type: 'text', markdown: `# ${lessonTitle}\n\nCounting ${lessonTitle.toLowerCase()}.` }, { type: 'activity', activity: { ...QUESTION, id: `${lesson.id}-q` } }] } });
    expect(saved.statusCode, saved.body).toBe(200);
    lessons.push({ id: lesson.id, rev: saved.json().rev });
  }
  expect((await injectAs(app, teacher, { method: 'POST', url: `/api/courses/${course.id}/publish` })).statusCode).toBe(201);
  return { courseId: course.id as string, lessons };
}

/** Writes a submission as a hub does: its parts, then the document listing them. */
async function writeSubmission(db: Database, submission: LibrarySubmissionDoc, zip: Uint8Array, partBytes?: number) {
  const parts = submissionPartDocs(submission._id, zip, submission.createdAt, partBytes);
  for (const part of parts) await db.put(part as never);
  await db.put({ ...submission, parts: parts.map((p) => p.sha256), partBytes: partBytes ?? SUBMISSION_PART_BYTES } as never);
  return parts.length;
}

/** A publisher run narrowed to these courses: on a shared CouchDB it also decides other runs' submissions. */
function about(run: PublishSubmissionsResult, courseIds: string[]): PublishSubmissionsResult {
  const ours = <T extends { courseId: string }>(list: T[]) => list.filter((entry) => courseIds.includes(entry.courseId));
  return { published: ours(run.published), refused: ours(run.refused), waiting: ours(run.waiting) };
}

type Shelf = { courseId: string; version: string; originHubId: string; approvedAt: string; title: string }[];

function libraryReviewContract(name: string, start: () => Promise<Central>) {
  describe(name, () => {
    let central: Central;
    let a: Hub;
    let b: Hub;
    const centralAdmin = (): CentralAdmin => central.admin;
    const hubIds = () => [a, b].filter(Boolean).map((hub) => hub.app.store.hubId);
    /** The shared library's packs of this run's hubs. */
    const ourLibrary = async () => (await listLibrary(centralAdmin())).filter((p) => hubIds().some((hubId) => p.packId.startsWith(`library-${hubId}-`)));
    /** A hub's library page, narrowed to courses from this run's hubs. */
    const library = async (hub: Hub) => ((await injectAs(hub.app, hub.teacher, { url: '/api/library' })).json() as Shelf).filter((c) => hubIds().includes(c.originHubId));
    /** A publisher run over this run's hubs only: on a shared CouchDB, other runs' submissions are theirs to decide. */
    const publish = () => publishSubmissions(centralAdmin(), { hubIds: hubIds() });
    const cli = (...args: string[]) => runDarasa('central', ...args, '--central', central.admin.url, '--admin-user', central.admin.adminUser, '--admin-password', central.admin.adminPassword);

    async function makeHub(): Promise<Hub> {
      const app = await buildTestApp({ dataDir: await makeTempDir(), sync: { intervalMs: 3_600_000, timeoutMs: 30_000 } });
      const admin = await setUpAndSignIn(app);
      const registration = await connectHub(app, admin, central.admin, central.admin.url);
      return { app, admin, registration, teacher: await personWithRoles(app, admin, ['teacher'], 'Neema'), trainer: await personWithRoles(app, admin, ['trainer'], 'Tumaini') };
    }

    async function sync(hub: Hub) {
      await hub.app.sync.run();
      const status = await syncStatus(hub.app, hub.admin);
      expect(status.lastError).toBeNull();
      return status;
    }

    beforeAll(async () => {
      central = await start();
      await ensureCentral(centralAdmin());
      a = await makeHub();
      b = await makeHub();
    }, 120_000);

    afterAll(async () => {
      const hubs = [a, b].filter(Boolean).map((hub) => ({ hubId: hub.app.store.hubId, username: hub.registration.username }));
      await a?.app.close();
      await b?.app.close();
      if (central?.real) await removeHubsFromCouch(centralAdmin(), hubs);
      await central?.close();
    }, 120_000);

    let approved: Awaited<ReturnType<typeof publishedCourse>>;
    let unapproved: Awaited<ReturnType<typeof publishedCourse>>;
    let learner: TestSession;

    it('publishes an approved course after hub A syncs; hub B installs it at its next sync; an unapproved course stays on A', { timeout: 180_000 }, async () => {
      approved = await publishedCourse(a, 'Counting money');
      unapproved = await publishedCourse(a, 'Market days');
      const courses = [approved.courseId, unapproved.courseId];
      for (const course of [approved, unapproved]) expect((await injectAs(a.app, a.teacher, { method: 'POST', url: `/api/courses/${course.courseId}/submit`, payload: {} })).statusCode).toBe(201);
      const decided = await injectAs(a.app, a.trainer, { method: 'POST', url: `/api/reviews/${approved.courseId}`, payload: { decision: 'approve', comments: [{ lessonId: approved.lessons[0]!.id, text: 'Clear.' }] } });
      expect(decided.statusCode, decided.body).toBe(200);

      // Nothing is published before the submission reached central.
      expect(about(await publish(), courses).published).toEqual([]);
      expect((await sync(a)).refused).toEqual([]);
      // A run over hub B's database only leaves A's submission alone.
      expect(await publishSubmissions(centralAdmin(), { hubIds: [b.app.store.hubId] })).toEqual({ published: [], refused: [], waiting: [] });
      // Two runs at once (the dashboard's minute loop and the CLI): both finish, and
      // the course is published once, with one decision.
      const runs = (await Promise.all([publish(), publish()])).map((run) => about(run, courses));
      const published = [...new Set(runs.flatMap((run) => run.published).map((entry) => JSON.stringify(entry)))].map((entry) => JSON.parse(entry));
      expect(published).toEqual([{ hubId: a.app.store.hubId, courseId: approved.courseId, version: 1, packId: `library-${approved.courseId}` }]);
      expect(runs.flatMap((run) => run.refused)).toEqual([]);
      expect((await listDecisions(centralAdmin())).filter((d) => d.hubId === a.app.store.hubId)).toHaveLength(1);
      expect((await ourLibrary()).map((p) => `${p.packId} ${p.version}`)).toEqual([`library-${approved.courseId} 1.0.0`]);
      // Decided once: the next run publishes nothing again.
      expect(about(await publish(), courses)).toEqual({ published: [], refused: [], waiting: [] });

      await sync(b);
      const shelf = await library(b);
      expect(shelf).toEqual([expect.objectContaining({ courseId: approved.courseId, title: 'Counting money', version: '1.0.0', originHubId: a.app.store.hubId, approvedAt: expect.any(String) })]);
      // Preview: the course opens as a learner reads it, and nothing is recorded.
      const events = async () => (await b.app.store.databases.hub.allDocs({ startkey: 'event:', endkey: 'event:\ufff0' })).rows.length;
      const before = await events();
      expect((await injectAs(b.app, b.teacher, { url: `/api/courses/${approved.courseId}` })).json().modules[0].lessons).toHaveLength(2);
      expect((await injectAs(b.app, b.teacher, { url: `/api/lessons/${approved.lessons[1]!.id}` })).json().html).toContain('Counting notes');
      expect(await events()).toBe(before);
      expect((await injectAs(b.app, b.teacher, { url: `/api/courses/${unapproved.courseId}` })).statusCode).toBe(404);

      // A teacher on hub B adapts it: a new draft of B's own.
      const copy = await injectAs(b.app, b.teacher, { method: 'POST', url: `/api/courses/${approved.courseId}/duplicate`, payload: { title: 'Counting money (Kisumu)' } });
      expect(copy.statusCode, copy.body).toBe(201);
      expect(copy.json()).toMatchObject({ copiedFrom: approved.courseId, lessons: [{ title: 'Coins' }, { title: 'Notes' }] });
      expect(copy.json().id.startsWith(`${b.app.store.hubId}-c-`)).toBe(true);

      // Hub A keeps its own course as its local pack and does not install the library copy.
      await sync(a);
      expect((await injectAs(a.app, a.admin, { url: `/api/courses/${approved.courseId}` })).json()).toMatchObject({ packId: `local-${approved.courseId}` });
      expect(await library(a)).toEqual([]);
      // The editor says central published it (the decision came with that sync).
      expect((await injectAs(a.app, a.teacher, { url: `/api/courses/${approved.courseId}/review` })).json().library).toMatchObject({ decision: 'published', reason: null });
    });

    it('refuses a submission forged without a valid approval, and a library document pushed by a hub', { timeout: 180_000 }, async () => {
      const hubId = a.app.store.hubId;
      const db = a.app.store.databases.hub;
      // The approved course's genuine zip, re-used under the unapproved course's name: no approval of it exists.
      const genuineId = `library-submission:${hubId}:${approved.courseId}.00001`;
      const genuine = (await db.get(genuineId)) as unknown as LibrarySubmissionDoc;
      const part = (await db.get(submissionPartId(genuineId, 0), { attachments: true })) as unknown as { _attachments: { data: { data: string } } };
      expect(genuine.parts).toHaveLength(1);
      const zip = new Uint8Array(Buffer.from(part._attachments.data.data, 'base64'));
      await writeSubmission(db, {
        _id: `library-submission:${hubId}:${unapproved.courseId}.00001`, type: 'library-submission', courseId: unapproved.courseId, version: 1,
        reviewId: `course-review:${hubId}:${unapproved.courseId}`, authorId: a.teacher.user.id, approvedBy: a.trainer.user.id, approvedAt: new Date().toISOString(),
        sha256: createHash('sha256').update(zip).digest('hex'), size: zip.length, createdAt: new Date().toISOString(),
      }, zip);
      // A hub writing the library itself, into its own database: central's validator refuses the type.
      const forgedId = `library-pack:${hubId}:library-${unapproved.courseId}`;
      await db.put({ _id: forgedId, type: 'library-pack', packId: `library-${unapproved.courseId}`, version: '9.0.0', createdAt: new Date().toISOString() } as never);

      const status = await sync(a);
      expect(status.refused).toEqual([expect.objectContaining({ id: forgedId, reason: expect.stringMatching(/hubs may not write documents of type "library-pack"/) })]);
      // Straight to the library database with the hub's own credentials: refused too.
      const direct = await fetch(`${central.admin.url}/darasa-library/${encodeURIComponent(`library-pack:library-${unapproved.courseId}`)}`, {
        method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${a.registration.username}:${a.registration.password}`).toString('base64')}` },
        body: JSON.stringify({ type: 'library-pack', packId: `library-${unapproved.courseId}`, version: '9.0.0' }),
      });
      expect(direct.status).toBe(403);

      // The review of that course is still waiting for a trainer: the submission waits, nothing is published.
      const waiting = about(await publish(), [approved.courseId, unapproved.courseId]);
      expect(waiting.published).toEqual([]);
      expect(waiting.waiting).toEqual([expect.objectContaining({ courseId: unapproved.courseId, reason: expect.stringMatching(/approval has not arrived/) })]);
      // The trainer sends it back: the forged submission is refused for good, with the reason.
      await injectAs(a.app, a.trainer, { method: 'POST', url: `/api/reviews/${unapproved.courseId}`, payload: { decision: 'changes', comments: 'Add prices.' } });
      await sync(a);
      const published = await cli('publish-submissions', ...hubIds().flatMap((id) => ['--hub', id]));
      expect(published.stderr).toBe('');
      const mistyped = await cli('publish-submissions', '--hub', 'truck-7');
      expect(mistyped).toMatchObject({ code: 1, stderr: expect.stringMatching(/"truck-7" is not a hub id/) });
      expect(published.stdout).toMatch(new RegExp(`refused ${unapproved.courseId} version 1 from ${hubId}: the hub's review .* records no approval of version 1`));
      expect((await listDecisions(centralAdmin())).find((d) => d.courseId === unapproved.courseId)).toMatchObject({ decision: 'refused' });
      const listed = await cli('library');
      expect(listed.stdout).toMatch(new RegExp(`published ${approved.courseId} version 1 from ${hubId}`));
      expect(listed.stdout).toMatch(new RegExp(`refused ${unapproved.courseId} version 1 from ${hubId}: the hub's review`));
      expect((await ourLibrary()).map((p) => p.packId)).toEqual([`library-${approved.courseId}`]);
      await sync(b);
      expect((await library(b)).map((c) => c.courseId)).toEqual([approved.courseId]);
      // Central's copy of the hub's database holds the forged submission, never a library pack.
      const forgedAtCentral = await fetch(`${central.admin.url}/${hubDatabase(hubId)}/${encodeURIComponent(forgedId)}`, { headers: { authorization: `Basic ${Buffer.from(`${central.admin.adminUser}:${central.admin.adminPassword}`).toString('base64')}` } });
      expect(forgedAtCentral.status).toBe(404);
    });

    it("re-checks the approver at central: a roaming trainer from another hub counts; a teacher, or the course's author, does not", { timeout: 180_000 }, async () => {
      const hubId = a.app.store.hubId;
      const db = a.app.store.databases.hub;
      /** A course submitted on hub A whose approval is written straight into A's database, as a forging hub could. */
      const forge = async (title: string, approvedBy: string) => {
        const course = await publishedCourse(a, title);
        expect((await injectAs(a.app, a.teacher, { method: 'POST', url: `/api/courses/${course.courseId}/submit`, payload: {} })).statusCode).toBe(201);
        const review = (await db.get(`course-review:${hubId}:${course.courseId}`)) as unknown as CourseReviewDoc;
        const at = new Date().toISOString();
        await db.put({ ...review, status: 'approved', rounds: [...review.rounds, { kind: 'approve', by: approvedBy, at, version: 1, comments: [] }], updatedAt: at } as never);
        const snapshot = (await db.get(`course-version:${hubId}:${course.courseId}.00001`)) as unknown as CourseVersionDoc;
        const built = await buildLibraryZip(snapshot, hubId, at, a.app.content.media);
        // In parts of 1000 bytes: central puts them together whatever their size.
        const parts = await writeSubmission(db, {
          _id: `library-submission:${hubId}:${course.courseId}.00001`, type: 'library-submission', courseId: course.courseId, version: 1, reviewId: review._id,
          authorId: review.authorId, authorIds: review.authorIds, approvedBy, approvedAt: at, sha256: built.sha256, size: built.size, createdAt: at,
        }, built.zip, 1000);
        expect(parts).toBeGreaterThan(1);
        return course.courseId;
      };
      const roaming = await forge('Weights and measures', b.trainer.user.id); // a trainer of hub B, reviewing on hub A
      const teacherApproved = await forge('Telling the time', (await personWithRoles(a.app, a.admin, ['teacher'], 'Juma')).user.id);
      const selfApproved = await forge('Our school garden', a.teacher.user.id);
      await sync(a);
      await sync(b); // hub B's trainer reaches central
      const run = about(await publish(), [roaming, teacherApproved, selfApproved]);
      expect(run.published.map((p) => p.courseId)).toEqual([roaming]);
      expect(run.refused).toEqual(expect.arrayContaining([
        expect.objectContaining({ courseId: teacherApproved, reason: expect.stringMatching(/is not an active trainer/) }),
        expect.objectContaining({ courseId: selfApproved, reason: expect.stringMatching(/approved a course they wrote/) }),
      ]));
      expect(run.refused).toHaveLength(2);
      expect(run.waiting).toEqual([]);
      // Hub A's next sync brings the refusal and its reason to the course editor.
      await sync(a);
      expect((await injectAs(a.app, a.teacher, { url: `/api/courses/${teacherApproved}/review` })).json().library).toMatchObject({ decision: 'refused', reason: expect.stringMatching(/is not an active trainer/) });
    });

    it('installs a new approved version on hub B without losing a learner’s progress on the first', { timeout: 180_000 }, async () => {
      learner = await personWithRoles(b.app, b.admin, ['learner'], 'Amina');
      const lesson1 = approved.lessons[0]!.id;
      const recorded = await injectAs(b.app, learner, { method: 'POST', url: '/api/events', payload: { events: [
        { id: crypto.randomUUID(), verb: 'opened', object: { courseId: approved.courseId, lessonId: lesson1 }, at: new Date(Date.now() - 60_000).toISOString() },
        { id: crypto.randomUUID(), verb: 'completed', object: { courseId: approved.courseId, lessonId: lesson1 }, at: new Date(Date.now() - 30_000).toISOString() },
      ] } });
      expect(recorded.json().rejected, recorded.body).toEqual([]);
      const before = (await injectAs(b.app, learner, { url: '/api/me/progress' })).json().courses[0];
      expect(before).toMatchObject({ courseId: approved.courseId, lessonsTotal: 2, lessonsCompleted: 1, completedLessonIds: [lesson1] });

      // Version 2 on hub A: lesson 2 rewritten, reviewed by the trainer, approved.
      const draft = (await injectAs(a.app, a.teacher, { url: `/api/courses/${approved.courseId}/draft/lessons/${approved.lessons[1]!.id}` })).json();
      expect((await injectAs(a.app, a.teacher, { method: 'PUT', url: `/api/courses/${approved.courseId}/draft/lessons/${draft.id}`, payload: { rev: draft.rev, title: 'Notes and coins', blocks: [{ type: 'text', markdown: '# Notes\n\nA 50 shilling note is ten 5 shilling coins.' }] } })).statusCode).toBe(200);
      expect((await injectAs(a.app, a.teacher, { method: 'POST', url: `/api/courses/${approved.courseId}/publish` })).statusCode).toBe(201);
      expect((await injectAs(a.app, a.teacher, { method: 'POST', url: `/api/courses/${approved.courseId}/submit`, payload: {} })).json()).toMatchObject({ version: 2 });
      expect((await injectAs(a.app, a.trainer, { method: 'POST', url: `/api/reviews/${approved.courseId}`, payload: { decision: 'approve' } })).statusCode).toBe(200);
      await sync(a);
      expect(about(await publish(), [approved.courseId]).published).toEqual([expect.objectContaining({ courseId: approved.courseId, version: 2 })]);
      await sync(b);

      expect((await library(b)).find((c) => c.courseId === approved.courseId)).toMatchObject({ version: '2.0.0' });
      expect((await injectAs(b.app, learner, { url: `/api/lessons/${approved.lessons[1]!.id}` })).json()).toMatchObject({ title: 'Notes and coins' });
      const after = (await injectAs(b.app, learner, { url: '/api/me/progress' })).json().courses[0];
      expect(after).toMatchObject({ courseId: approved.courseId, lessonsTotal: 2, lessonsCompleted: 1, completedLessonIds: [lesson1] });
    });

    it('carries a course with a large picture in several parts to central and several chunks to hub B, which serves the same bytes', { timeout: 180_000 }, async () => {
      // A picture of ~700 KB that does not compress: three 256 KiB submission parts, three library chunks.
      const picture = new Uint8Array([...PNG, ...randomBytes(700_000)]);
      const form = new FormData();
      form.append('file', new Blob([picture], { type: 'image/png' }), 'coins.png');
      const encoded = new Response(form);
      const uploaded = await a.app.inject({ method: 'POST', url: '/api/courses/media', headers: { ...a.teacher.headers, 'content-type': encoded.headers.get('content-type')! }, payload: Buffer.from(await encoded.arrayBuffer()) });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      const { ref, url } = uploaded.json() as { ref: string; url: string };
      const course = (await injectAs(a.app, a.teacher, { method: 'POST', url: '/api/courses', payload: { title: 'Coins we use', language: 'en' } })).json();
      const lesson = (await injectAs(a.app, a.teacher, { method: 'POST', url: `/api/courses/${course.id}/draft/lessons`, payload: { moduleId: course.modules[0].id, title: 'Look at the coins' } })).json();
      const saved = await injectAs(a.app, a.teacher, { method: 'PUT', url: `/api/courses/${course.id}/draft/lessons/${lesson.id}`, payload: { rev: lesson.rev, title: 'Look at the coins', blocks: [{ type: 'text', markdown: `# Coins\n\n![Kenyan coins on a table](${ref})` }] } });
      expect(saved.statusCode, saved.body).toBe(200);
      expect((await injectAs(a.app, a.teacher, { method: 'POST', url: `/api/courses/${course.id}/publish` })).statusCode).toBe(201);
      expect((await injectAs(a.app, a.teacher, { method: 'POST', url: `/api/courses/${course.id}/submit`, payload: {} })).statusCode).toBe(201);
      expect((await injectAs(a.app, a.trainer, { method: 'POST', url: `/api/reviews/${course.id}`, payload: { decision: 'approve' } })).statusCode).toBe(200);
      const submission = (await a.app.store.databases.hub.get(`library-submission:${a.app.store.hubId}:${course.id}.00001`)) as unknown as LibrarySubmissionDoc;
      expect(submission.parts).toHaveLength(3);

      await sync(a);
      expect(about(await publish(), [course.id]).published).toEqual([expect.objectContaining({ courseId: course.id, version: 1 })]);
      expect((await ourLibrary()).find((p) => p.packId === `library-${course.id}`)?.chunks).toHaveLength(3);
      await sync(b);
      expect((await library(b)).map((c) => c.courseId)).toContain(course.id);
      expect((await injectAs(b.app, b.teacher, { url: `/api/lessons/${lesson.id}` })).json().html).toContain(url);
      const served = await injectAs(b.app, b.teacher, { url });
      expect(served.statusCode).toBe(200);
      expect(createHash('sha256').update(new Uint8Array(served.rawPayload)).digest('hex')).toBe(createHash('sha256').update(picture).digest('hex'));
    });
  });
}

afterAll(removeTempDirs);

libraryReviewContract('curriculum review → shared library, through the embedded central', async () => {
  const admin = { adminUser: 'admin', adminPassword: 'central-admin-password' };
  const embedded: EmbeddedCentral = await startEmbeddedCentral({ dataDir: await makeTempDir(), ...admin, port: 0 });
  return { admin: { url: embedded.url, ...admin }, real: false, close: () => embedded.close() };
});

describe.skipIf(!couchUrl)(`on Apache CouchDB 3 at COUCHDB_URL${SKIP}`, () => {
  libraryReviewContract('curriculum review → shared library, through CouchDB 3', async () => ({
    admin: { url: couchUrl!, adminUser: process.env.COUCHDB_ADMIN_USER ?? 'admin', adminPassword: process.env.COUCHDB_ADMIN_PASSWORD ?? '' },
    real: true,
    close: async () => undefined,
  }));
});
