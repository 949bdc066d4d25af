// Classroom observation (issue 9):
//   GET  /api/observations/criteria                      the criteria trainers observe against
//   PUT  /api/observations/criteria                      edit them (ids of existing criteria kept)
//   GET  /api/observations/teachers                      the hub's teachers, how often and how well observed
//   GET  /api/observations/teachers/:teacherId/sessions  a teacher's classes and sessions, to pick one to observe
//   GET  /api/observations/teachers/:teacherId/trend     per criterion and average over time
//   GET  /api/observations?teacherId=                    a teacher's observations, newest first
//   POST /api/observations                               record an observation of a class session
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, commonErrors } from '../schemas.ts';
import {
  CriteriaBody, CriteriaView, HistoryQuery, ObservationBody, ObservationList, ObservationView, TeacherList, TeacherParams, TeacherSessions, TrendView,
} from './observations-schemas.ts';

const guarded = { 401: ErrorResponse, 403: ErrorResponse };
const TAGS = ['training'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.observations;

  app.get('/api/observations/criteria', {
    config: { capability: 'training.read' },
    schema: { tags: TAGS, summary: 'The observation criteria (the programme defaults until a trainer edits them)', response: { 200: CriteriaView, ...commonErrors, ...guarded } },
  }, async () => service.criteria());

  app.put('/api/observations/criteria', {
    config: { capability: 'training.configure' },
    schema: {
      tags: TAGS,
      summary: 'Replace the observation criteria',
      description:
        'One to 20 criteria, labels up to 80 characters, guidance up to 500. Send the `id` of each existing criterion to keep it (history and trend follow ids); ' +
        'a criterion without an id is new and gets one made from its label. Two criteria with the same label or id: 400 CRITERIA_INVALID. ' +
        'Observations already written keep the labels they were scored with.',
      body: CriteriaBody,
      response: { 200: CriteriaView, ...commonErrors, ...guarded, 409: ErrorResponse },
    },
  }, async (request) => service.saveCriteria(request.user!, request.body));

  app.get('/api/observations/teachers', {
    config: { capability: 'training.read' },
    schema: { tags: TAGS, summary: "This hub's active teachers with their number of observations and latest average", response: { 200: TeacherList, ...commonErrors, ...guarded } },
  }, async () => ({ teachers: await service.teachers() }));

  app.get('/api/observations/teachers/:teacherId/sessions', {
    config: { capability: 'training.read' },
    schema: {
      tags: TAGS,
      summary: "A teacher's classes and their sessions (newest first), to choose the session to observe",
      params: TeacherParams,
      response: { 200: TeacherSessions, ...commonErrors, ...guarded },
    },
  }, async (request) => service.sessionsOf(request.params.teacherId));

  app.get('/api/observations/teachers/:teacherId/trend', {
    config: { capability: 'training.read' },
    schema: {
      tags: TAGS,
      summary: "A teacher's observation trend: each observation's scores and average, oldest first, and per criterion the mean, first, latest and change",
      params: TeacherParams,
      response: { 200: TrendView, ...commonErrors, ...guarded },
    },
  }, async (request) => service.trend(request.params.teacherId));

  app.get('/api/observations', {
    config: { capability: 'training.read' },
    schema: { tags: TAGS, summary: "A teacher's observations, newest first", querystring: HistoryQuery, response: { 200: ObservationList, ...commonErrors, ...guarded } },
  }, async (request) => ({ observations: await service.history(request.query.teacherId) }));

  app.post('/api/observations', {
    config: { capability: 'observations.record' },
    schema: {
      tags: TAGS,
      summary: "Record a trainer's observation of a teacher's class session",
      description:
        'Trainers only (an administrator without the trainer role: 403). `sessionId` is a class session (an `attendance` id from GET /api/observations/teachers/:teacherId/sessions): ' +
        'one that does not exist is 404 UNKNOWN_SESSION; a teacher who does not teach its class is 400 NOT_SESSION_TEACHER. ' +
        'Every current criterion is scored once from 1 to 4 (unknown, missing or repeated criteria: 400 UNKNOWN_CRITERIA; a score outside 1–4: 400 VALIDATION_FAILED). ' +
        'Observing one\'s own session: 403.',
      body: ObservationBody,
      response: { 201: ObservationView, ...commonErrors, ...guarded, 404: ErrorResponse },
    },
  }, async (request, reply) => {
    const saved = await service.record(request.user!, request.body);
    return reply.status(201).send((await service.views([saved]))[0]!);
  });
};

export default routes;
