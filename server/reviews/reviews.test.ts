// Curriculum review on one hub (issue 9): who may submit and review, what is
// refused (a teacher approving their own course — even one who is a trainer —,
// a non-trainer reviewing, a double submit, a course never published or not
// written here), comments per lesson, changes then a new version, and the
// library submission an approval writes (its pack .zip checks out).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../tests/support/test-app.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { setUpAndSignIn, injectAs, personWithRoles, type TestSession } from '../../tests/support/auth.ts';
import { readPackZip } from '../../content/pack/read-zip.ts';
import { parsePack } from '../../content/pack/parse-pack.ts';
import { SEED_PACK_DIR } from '../config.ts';
import { submissionPartId } from '../../sync/library/reviewed-packs.ts';

afterAll(removeTempDirs);

const QUESTION = { id: 'x-a1', kind: 'single-choice', prompt: 'Which part shows pictures?', choices: [{ text: 'The screen', correct: true }, { text: 'The mouse' }] };

let app: FastifyInstance;
let admin: TestSession;
let teacher: TestSession;
let trainer: TestSession;
let trainerAuthor: TestSession;

/** A course written and published by `as`, with two lessons. */
async function publishedCourse(as: TestSession, title = 'Our village market') {
  const course = (await injectAs(app, as, { method: 'POST', url: '/api/courses', payload: { title, language: 'en' } })).json();
  const lessonIds: string[] = [];
  for (const lessonTitle of ['Buying', 'Selling']) {
    const lesson = (await injectAs(app, as, { method: 'POST', url: `/api/courses/${course.id}/draft/lessons`, payload: { moduleId: course.modules[0].id, title: lessonTitle } })).json();
    const saved = await injectAs(app, as, { method: 'PUT', url: `/api/courses/${course.id}/draft/lessons/${lesson.id}`, payload: { rev: lesson.rev, title: lessonTitle, blocks: [{ type: 'text', markdown: `# ${lessonTitle}\n\nAt the market.` }, { type: 'activity', activity: { ...QUESTION, id: `${lesson.id}-q` } }] } });
    expect(saved.statusCode, saved.body).toBe(200);
    lessonIds.push(lesson.id);
  }
  const published = await injectAs(app, as, { method: 'POST', url: `/api/courses/${course.id}/publish` });
  expect(published.statusCode, published.body).toBe(201);
  return { courseId: course.id as string, lessonIds };
}

beforeAll(async () => {
  app = await buildTestApp({ dataDir: await makeTempDir(), seedPackDir: SEED_PACK_DIR });
  admin = await setUpAndSignIn(app);
  teacher = await personWithRoles(app, admin, ['teacher'], 'Neema');
  trainer = await personWithRoles(app, admin, ['trainer'], 'Tumaini');
  trainerAuthor = await personWithRoles(app, admin, ['teacher', 'trainer'], 'Zawadi');
}, 60_000);
afterAll(() => app?.close());

describe('curriculum review', () => {
  it('refuses to submit a course never published, one not written here, and an unknown one', async () => {
    const draft = (await injectAs(app, teacher, { method: 'POST', url: '/api/courses', payload: { title: 'Not yet', language: 'en' } })).json();
    const never = await injectAs(app, teacher, { method: 'POST', url: `/api/courses/${draft.id}/submit` });
    expect(never.statusCode).toBe(409);
    expect(never.json()).toMatchObject({ code: 'COURSE_NOT_PUBLISHED', message: expect.stringMatching(/Publish it first/) });
    const seed = await injectAs(app, teacher, { method: 'POST', url: '/api/courses/computer-basics-en/submit', payload: {} });
    expect(seed.statusCode).toBe(404);
    expect(seed.json().code).toBe('COURSE_NOT_LOCAL');
    const learner = await personWithRoles(app, admin, ['learner'], 'Amina');
    expect((await injectAs(app, learner, { method: 'POST', url: `/api/courses/${draft.id}/submit`, payload: {} })).statusCode).toBe(403);
  });

  it('refuses a second submission of the version under review', async () => {
    const { courseId } = await publishedCourse(teacher);
    const first = await injectAs(app, teacher, { method: 'POST', url: `/api/courses/${courseId}/submit`, payload: { note: 'Please look at lesson 2.' } });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'submitted', version: 1, submittedBy: { name: expect.stringMatching(/^Neema/) }, rounds: [{ kind: 'submitted', comments: [{ lessonId: null, text: 'Please look at lesson 2.' }] }] });
    const again = await injectAs(app, teacher, { method: 'POST', url: `/api/courses/${courseId}/submit`, payload: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_SUBMITTED', message: expect.stringMatching(/already waiting/) });
  });

  it('lets only trainers review, and never the course’s author — even one who is a trainer', async () => {
    const own = await publishedCourse(trainerAuthor, 'My own course');
    expect((await injectAs(app, trainerAuthor, { method: 'POST', url: `/api/courses/${own.courseId}/submit`, payload: {} })).statusCode).toBe(201);
    const self = await injectAs(app, trainerAuthor, { method: 'POST', url: `/api/reviews/${own.courseId}`, payload: { decision: 'approve' } });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('OWN_COURSE');
    // A teacher (no trainer role) and an administrator without the trainer role are refused by their role.
    for (const who of [teacher, admin]) {
      const refused = await injectAs(app, who, { method: 'POST', url: `/api/reviews/${own.courseId}`, payload: { decision: 'approve' } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('FORBIDDEN');
    }
    const list = (await injectAs(app, trainerAuthor, { url: '/api/reviews' })).json();
    expect(list.find((r: { courseId: string }) => r.courseId === own.courseId)).toMatchObject({ status: 'submitted', ownCourse: true });
    // Still waiting: nothing was decided.
    expect((await injectAs(app, trainerAuthor, { url: `/api/courses/${own.courseId}/review` })).json().review.status).toBe('submitted');
  });

  it('sends a course back with comments per lesson, then approves the new version and writes its library submission', async () => {
    const { courseId, lessonIds } = await publishedCourse(teacher, 'Counting money');
    await injectAs(app, teacher, { method: 'POST', url: `/api/courses/${courseId}/submit`, payload: {} });

    const detail = (await injectAs(app, trainer, { url: `/api/reviews/${courseId}` })).json();
    expect(detail).toMatchObject({ ownCourse: false, course: { title: 'Counting money', modules: [{ lessons: [{ id: lessonIds[0], title: 'Buying' }, { id: lessonIds[1], title: 'Selling' }] }] } });
    const lesson = await injectAs(app, trainer, { url: `/api/reviews/${courseId}/lessons/${lessonIds[1]}` });
    expect(lesson.statusCode).toBe(200);
    expect(lesson.json().html).toContain('At the market');
    expect(JSON.stringify(lesson.json())).not.toContain('"correct"');

    expect((await injectAs(app, trainer, { method: 'POST', url: `/api/reviews/${courseId}`, payload: { decision: 'changes' } })).json().code).toBe('VALIDATION_FAILED');
    const unknown = await injectAs(app, trainer, { method: 'POST', url: `/api/reviews/${courseId}`, payload: { decision: 'changes', comments: [{ lessonId: 'nope-l-x', text: 'Hm' }] } });
    expect(unknown.statusCode).toBe(400);
    const changes = await injectAs(app, trainer, {
      method: 'POST', url: `/api/reviews/${courseId}`,
      payload: { decision: 'changes', comments: [{ lessonId: lessonIds[1], text: 'Add a question about change.' }, { text: 'Good start.' }] },
    });
    expect(changes.statusCode, changes.body).toBe(200);
    expect(changes.json().review).toMatchObject({ status: 'changes-requested', submission: null });

    // The teacher reads the comments in the editor; the same version cannot be sent again.
    const state = (await injectAs(app, teacher, { url: `/api/courses/${courseId}/review` })).json();
    expect(state).toMatchObject({ canSubmit: false, publishedVersion: 1, review: { status: 'changes-requested' } });
    expect(state.review.rounds.at(-1)).toMatchObject({ kind: 'changes', by: { name: expect.stringMatching(/^Tumaini/) }, comments: [{ lessonId: lessonIds[1], text: 'Add a question about change.' }, { lessonId: null, text: 'Good start.' }] });
    expect((await injectAs(app, teacher, { method: 'POST', url: `/api/courses/${courseId}/submit`, payload: {} })).json().code).toBe('ALREADY_SUBMITTED');
    expect((await injectAs(app, trainer, { method: 'POST', url: `/api/reviews/${courseId}`, payload: { decision: 'approve' } })).json().code).toBe('NOT_UNDER_REVIEW');

    expect((await injectAs(app, teacher, { method: 'POST', url: `/api/courses/${courseId}/publish` })).statusCode).toBe(201);
    expect((await injectAs(app, teacher, { url: `/api/courses/${courseId}/review` })).json().canSubmit).toBe(true);
    expect((await injectAs(app, teacher, { method: 'POST', url: `/api/courses/${courseId}/submit`, payload: {} })).json()).toMatchObject({ status: 'submitted', version: 2 });
    const approved = await injectAs(app, trainer, { method: 'POST', url: `/api/reviews/${courseId}`, payload: { decision: 'approve', comments: 'Ready for every truck.' } });
    expect(approved.statusCode, approved.body).toBe(200);
    const review = approved.json().review;
    expect(review).toMatchObject({ status: 'approved', version: 2, submission: { id: `library-submission:${app.store.hubId}:${courseId}.00002` } });
    expect(review.rounds.map((r: { kind: string }) => r.kind)).toEqual(['submitted', 'changes', 'submitted', 'approve']);

    const doc = (await app.store.databases.hub.get(review.submission.id)) as unknown as { approvedBy: string; authorIds: string[]; sha256: string; size: number; parts: string[] };
    expect(doc.approvedBy).toBe(trainer.user.id);
    expect(doc.authorIds).toContain(teacher.user.id);
    // The pack travels in parts (one document each), listed in order by SHA-256.
    const chunks: number[] = [];
    for (const [index, sha] of doc.parts.entries()) {
      const part = (await app.store.databases.hub.get(submissionPartId(review.submission.id, index), { attachments: true, binary: true } as never)) as unknown as { sha256: string; _attachments: { data: { data: Buffer } } };
      expect(part.sha256).toBe(sha);
      chunks.push(...new Uint8Array(part._attachments.data.data));
    }
    const zip = new Uint8Array(chunks);
    expect(zip.length).toBe(doc.size);
    expect(createHash('sha256').update(zip).digest('hex')).toBe(doc.sha256);
    const parsed = parsePack(await readPackZip(zip));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.pack.manifest).toMatchObject({ id: `library-${courseId}`, version: '2.0.0', description: expect.stringMatching(/^Approved for the shared library on /) });
      expect(parsed.pack.courses.map((c) => c.meta.id)).toEqual([courseId]);
    }
    expect((await injectAs(app, trainer, { method: 'POST', url: `/api/reviews/${courseId}`, payload: { decision: 'approve' } })).json().code).toBe('NOT_UNDER_REVIEW');
  });

  it('writes a missing library submission when an approved course is approved again (the hub stopped in between)', async () => {
    const { courseId } = await publishedCourse(teacher, 'Keeping chickens');
    await injectAs(app, teacher, { method: 'POST', url: `/api/courses/${courseId}/submit`, payload: {} });
    const first = (await injectAs(app, trainer, { method: 'POST', url: `/api/reviews/${courseId}`, payload: { decision: 'approve' } })).json().review;
    const db = app.store.databases.hub;
    const lost = await db.get(first.submission.id);
    await db.remove(lost._id, lost._rev);
    // Any trainer (here another one) sends it again; it keeps the approver and time of the approval.
    expect((await injectAs(app, trainerAuthor, { method: 'POST', url: `/api/reviews/${courseId}`, payload: { decision: 'approve' } })).statusCode).toBe(200);
    const doc = (await db.get(first.submission.id)) as unknown as { approvedBy: string; approvedAt: string };
    expect(doc).toMatchObject({ approvedBy: trainer.user.id, approvedAt: first.submission.approvedAt });
    expect((await injectAs(app, trainer, { method: 'POST', url: `/api/reviews/${courseId}`, payload: { decision: 'approve' } })).json().code).toBe('NOT_UNDER_REVIEW');
  });
});
