// Certification (issue 9):
//   GET  /api/certifications/levels                           the levels and what each requires
//   PUT  /api/certifications/levels/:levelId                  edit (or add) a level
//   GET  /api/certifications/teachers/:teacherId/evaluation   every level evaluated for a teacher
//   GET  /api/certifications?teacherId=                       a teacher's decisions, newest first
//   POST /api/certifications                                  certify a teacher, or record why not yet
//   GET  /api/certifications/verify/:code                     public: is this certificate genuine?
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, commonErrors } from '../schemas.ts';
import {
  DecisionBody, DecisionList, DecisionQuery, DecisionView, LevelBody, LevelList, LevelParams, LevelView, TeacherEvaluation, TeacherParams, VerifyParams, VerifyResult,
} from './certification-schemas.ts';

const guarded = { 401: ErrorResponse, 403: ErrorResponse };
const TAGS = ['training'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.certification;

  app.get('/api/certifications/levels', {
    config: { capability: 'training.read' },
    schema: { tags: TAGS, summary: 'The certification levels and their criteria (programme defaults until edited)', response: { 200: LevelList, ...commonErrors, ...guarded } },
  }, async () => ({ levels: await service.levels() }));

  app.put('/api/certifications/levels/:levelId', {
    config: { capability: 'training.configure' },
    schema: {
      tags: TAGS,
      summary: 'Edit a certification level, or add one under a new id',
      description:
        'A level requires courses completed (they must be on this hub) and/or a number of observed sessions at or above an average score; requiring neither, or a course not on the hub: 400 LEVEL_INVALID. ' +
        'Decisions already taken keep the evaluation they were made with.',
      params: LevelParams,
      body: LevelBody,
      response: { 200: LevelView, ...commonErrors, ...guarded, 409: ErrorResponse },
    },
  }, async (request) => service.saveLevel(request.user!, request.params.levelId, request.body));

  app.get('/api/certifications/teachers/:teacherId/evaluation', {
    config: { capability: 'training.read' },
    schema: {
      tags: TAGS,
      summary: 'Every level evaluated for one teacher: courses completed and missing, qualifying observed sessions, met or not, and the certified decision if any',
      params: TeacherParams,
      response: { 200: TeacherEvaluation, ...commonErrors, ...guarded, 404: ErrorResponse },
    },
  }, async (request) => service.evaluate(request.params.teacherId));

  app.get('/api/certifications', {
    config: { capability: 'training.read' },
    schema: { tags: TAGS, summary: "A teacher's certification decisions, newest first (with the verification code of each certificate)", querystring: DecisionQuery, response: { 200: DecisionList, ...commonErrors, ...guarded } },
  }, async (request) => ({ certifications: await service.decisions(request.query.teacherId) }));

  app.post('/api/certifications', {
    config: { capability: 'certifications.decide' },
    schema: {
      tags: TAGS,
      summary: 'Certify a teacher at a level, or record why not yet',
      description:
        'Trainers only: anyone without the trainer role (an administrator included) is refused with 403, and nobody certifies themselves. ' +
        'The criteria are evaluated here: `certified` when the level is not met is 422 CERTIFICATION_NOT_MET naming what is missing; ' +
        '`not-yet` needs a `reason` (400 REASON_REQUIRED). A certified decision gets a verification code. ' +
        'A teacher already certified at that level (even by another trainer at the same moment): 200 with the existing decision (nothing new is written); a new decision: 201. ' +
        'Unknown teacher (not an active teacher of this hub): 404 UNKNOWN_TEACHER; unknown level: 404 UNKNOWN_LEVEL.',
      body: DecisionBody,
      response: { 200: DecisionView, 201: DecisionView, ...commonErrors, ...guarded, 404: ErrorResponse, 422: ErrorResponse },
    },
  }, async (request, reply) => {
    const { view, created } = await service.decide(request.user!, request.body);
    return reply.status(created ? 201 : 200).send(view);
  });

  app.get('/api/certifications/verify/:code', {
    config: { public: true },
    schema: {
      tags: TAGS,
      summary: "Check a teacher certificate's verification code (public)",
      description:
        "Answers whether this hub certified a teacher with this code: the level, the date, the hub's name and the teacher's given name with the initial of the family name, " +
        'enough to match the paper in hand without handing a full name to anyone who types a code.',
      params: VerifyParams,
      response: { 200: VerifyResult, ...commonErrors },
    },
  }, async (request) => service.verify(request.params.code));
};

export default routes;
