// Progress and certificates:
//   GET /api/me/progress                   the signed-in person's progress per course
//   GET /api/me/certificates/:courseId     their certificate for a completed course
//   GET /api/certificates/verify/:code     public: is this certificate genuine?
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Errors } from '../errors.ts';
import { ErrorResponse, commonErrors } from '../schemas.ts';
import { normaliseCode, verificationCode } from './certificates.ts';
import { Certificate, CourseParams, ProgressResult, VerifyParams, VerifyResult } from './schemas.ts';

const guarded = { 401: ErrorResponse, 403: ErrorResponse };
/** A public route must not let a stream of made-up codes rescan everyone's progress. */
const RESCAN_MS = 2_000;

interface Issued {
  courseId: string;
  courseTitle: string;
  completedAt: string;
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { progress, repository } = app.learning;
  const issued = new Map<string, Issued>();
  let lastScan = 0;
  const hubName = async () => (await app.auth.settings.read())?.name ?? '';

  /** Codes of every completed course of a person, remembered for verification. */
  const certificatesOf = async (personId: string) => {
    const secret = await repository.certificateSecret();
    const out = new Map<string, Issued & { code: string }>();
    for (const course of await progress.progressOf(personId)) {
      if (!course.completedAt) continue;
      const code = verificationCode(secret, personId, course.courseId, course.completedAt);
      const entry = { courseId: course.courseId, courseTitle: course.title, completedAt: course.completedAt };
      issued.set(code.replace(/-/g, ''), entry);
      out.set(course.courseId, { ...entry, code });
    }
    return out;
  };

  app.get('/api/me/progress', {
    config: { capability: 'learning.record' },
    schema: {
      tags: ['learning'],
      summary: "The signed-in person's progress in each course they have started",
      description: 'Derived from their events only (lessons completed, activities mastered, quiz scores, time, typing speed); the most recently active course first.',
      response: { 200: ProgressResult, ...commonErrors, ...guarded },
    },
  }, async (request) => ({ courses: await progress.progressOf(request.user!.id) }));

  app.get('/api/me/certificates/:courseId', {
    config: { capability: 'learning.record' },
    schema: {
      tags: ['learning'],
      summary: "The signed-in person's certificate for a completed course",
      description: '404 NOT_COMPLETED until every live lesson of the course is completed. The verification code can be checked at GET /api/certificates/verify/:code.',
      params: CourseParams,
      response: { 200: Certificate, 404: ErrorResponse, ...commonErrors, ...guarded },
    },
  }, async (request) => {
    const user = request.user!;
    const certificate = (await certificatesOf(user.id)).get(request.params.courseId);
    if (!certificate) throw new Errors.NOT_COMPLETED(request.params.courseId);
    return {
      courseId: certificate.courseId,
      courseTitle: certificate.courseTitle,
      learnerName: user.displayName,
      completedAt: certificate.completedAt,
      hubName: await hubName(),
      verificationCode: certificate.code,
    };
  });

  app.get('/api/certificates/verify/:code', {
    config: { public: true },
    schema: {
      tags: ['learning'],
      summary: 'Check a certificate verification code (public)',
      description: 'Answers whether this hub issued a certificate with this code, for which course and when; never the learner\'s name.',
      params: VerifyParams,
      response: { 200: VerifyResult, ...commonErrors },
    },
  }, async (request) => {
    const code = normaliseCode(request.params.code);
    const invalid = { valid: false, courseTitle: null, completedAt: null, hubName: null };
    if (!code) return invalid;
    if (!issued.has(code) && Date.now() - lastScan > RESCAN_MS) {
      lastScan = Date.now();
      for (const personId of await progress.peopleWithEvents()) await certificatesOf(personId);
    }
    const found = issued.get(code);
    return found ? { valid: true, courseTitle: found.courseTitle, completedAt: found.completedAt, hubName: await hubName() } : invalid;
  });
};

export default routes;
