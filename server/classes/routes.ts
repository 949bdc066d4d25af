// Classes:
//   GET   /api/classes                                   the classes I teach (admins: all)
//   POST  /api/classes                                   create a class
//   GET   /api/classes/:id                               one class with its learners and groups
//   PATCH /api/classes/:id                               edit, co-teachers, groups
//   POST  /api/classes/:id/learners                      enrol learners { personIds }
//   DELETE /api/classes/:id/learners/:personId           take a learner out of the class
//   GET   /api/classes/:id/sessions                      attendance history
//   POST  /api/classes/:id/sessions                      take (or correct, the same day) the day's attendance
//   GET   /api/classes/:id/assignments                   work assigned to the class
//   POST  /api/classes/:id/assignments                   assign a lesson, course or quiz
//   POST  /api/classes/:id/assignments/:assignmentId/release   show held quiz results to learners
// Reports, a learner's answers, the teacher's home and a learner's assignments are in report-routes.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, commonErrors } from '../schemas.ts';
import {
  AssignBody, AssignmentList, AssignmentParams, AssignmentView, ClassList, ClassParams, ClassView, CreateClassBody, EnrolBody,
  LearnerParams, SessionBody, SessionList, SessionView, UpdateClassBody,
} from './schemas.ts';

const guarded = { 401: ErrorResponse, 403: ErrorResponse };
const readErrors = { ...commonErrors, ...guarded, 404: ErrorResponse };
const writeErrors = { ...readErrors, 409: ErrorResponse };
const TAGS = ['classes'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { service } = app.classes;

  app.get('/api/classes', {
    config: { capability: 'classes.read' },
    schema: { tags: TAGS, summary: 'The classes I teach or co-teach (administrators: every class)', response: { 200: ClassList, ...commonErrors, ...guarded } },
  }, async (request) => ({ classes: await service.summaries(await service.classesOf(request.user!)) }));

  app.post('/api/classes', {
    config: { capability: 'classes.manage' },
    schema: {
      tags: TAGS,
      summary: 'Create a class',
      description: 'The teacher who creates a class teaches it; `teacherIds` adds co-teachers (active teachers or administrators, else 400 NOT_TEACHERS).',
      body: CreateClassBody,
      response: { 201: ClassView, ...writeErrors },
    },
  }, async (request, reply) => reply.status(201).send(await service.view(await service.createClass(request.user!, request.body))));

  app.get('/api/classes/:id', {
    config: { capability: 'classes.read' },
    schema: { tags: TAGS, summary: 'One class: teachers, learners, groups', description: '403 NOT_YOUR_CLASS for a teacher who does not teach it.', params: ClassParams, response: { 200: ClassView, ...readErrors } },
  }, async (request) => service.view(await service.classFor(request.user!, request.params.id)));

  app.patch('/api/classes/:id', {
    config: { capability: 'classes.manage' },
    schema: {
      tags: TAGS,
      summary: 'Edit a class: name, level, language, schedule, visit dates, co-teachers, groups',
      description: '`groups` replaces the list of groups; each names enrolled learners only (else 400 NOT_IN_CLASS with their ids).',
      params: ClassParams,
      body: UpdateClassBody,
      response: { 200: ClassView, ...writeErrors },
    },
  }, async (request) => service.view(await service.updateClass(request.user!, request.params.id, request.body)));

  app.post('/api/classes/:id/learners', {
    config: { capability: 'classes.manage' },
    schema: {
      tags: TAGS,
      summary: 'Enrol learners in the class',
      description: 'Idempotent: enrolling someone already in the class changes nothing. 400 NOT_LEARNERS lists ids that are unknown, inactive or not learners; then nobody is enrolled.',
      params: ClassParams,
      body: EnrolBody,
      response: { 200: ClassView, ...writeErrors },
    },
  }, async (request) => service.view(await service.enrolLearners(request.user!, request.params.id, request.body.personIds)));

  app.delete('/api/classes/:id/learners/:personId', {
    config: { capability: 'classes.manage' },
    schema: { tags: TAGS, summary: 'Take a learner out of the class (their history stays)', params: LearnerParams, response: { 200: ClassView, ...writeErrors } },
  }, async (request) => service.view(await service.unenrolLearner(request.user!, request.params.id, request.params.personId)));

  app.get('/api/classes/:id/sessions', {
    config: { capability: 'classes.read' },
    schema: { tags: TAGS, summary: "The class's sessions and attendance, oldest first", params: ClassParams, response: { 200: SessionList, ...readErrors } },
  }, async (request) => {
    await service.classFor(request.user!, request.params.id);
    return { sessions: await service.sessionViews(await service.repository.sessionsOf(request.params.id)) };
  });

  app.post('/api/classes/:id/sessions', {
    config: { capability: 'classes.manage' },
    schema: {
      tags: TAGS,
      summary: "Take the day's attendance (present, absent, late)",
      description:
        'One session per class and day: a second call the same day changes the statuses it names and keeps the others. ' +
        'Only today (by the hub\'s clock) can be written: an earlier day is 409 ATTENDANCE_CLOSED, a later one 400. ' +
        'Learners not enrolled: 400 NOT_IN_CLASS with their ids.',
      params: ClassParams,
      body: SessionBody,
      response: { 200: SessionView, ...writeErrors },
    },
  }, async (request) => {
    const saved = await service.recordSession(request.user!, request.params.id, request.body);
    return (await service.sessionViews([saved]))[0]!;
  });

  app.get('/api/classes/:id/assignments', {
    config: { capability: 'classes.read' },
    schema: { tags: TAGS, summary: 'Work assigned to the class, newest first', params: ClassParams, response: { 200: AssignmentList, ...readErrors } },
  }, async (request) => {
    const doc = await service.classFor(request.user!, request.params.id);
    return { assignments: await service.assignmentViews(doc, await service.assignmentsOfClass(doc._id)) };
  });

  app.post('/api/classes/:id/assignments', {
    config: { capability: 'classes.manage' },
    schema: {
      tags: TAGS,
      summary: 'Assign a lesson, a course or a quiz to the class, a group or chosen learners',
      description: '400 NOT_IN_CLASS (with the ids) for learners not enrolled, UNKNOWN_GROUP, UNKNOWN_CONTENT for a lesson or course not on the hub.',
      params: ClassParams,
      body: AssignBody,
      response: { 201: AssignmentView, ...writeErrors },
    },
  }, async (request, reply) => {
    const saved = await service.assign(request.user!, request.params.id, request.body);
    const doc = await service.classFor(request.user!, request.params.id);
    return reply.status(201).send((await service.assignmentViews(doc, [saved]))[0]!);
  });

  app.post('/api/classes/:id/assignments/:assignmentId/release', {
    config: { capability: 'classes.manage' },
    schema: { tags: TAGS, summary: 'Release held quiz results: learners see which answers were right', params: AssignmentParams, response: { 200: AssignmentView, ...writeErrors } },
  }, async (request) => {
    const saved = await service.releaseResults(request.user!, request.params.id, request.params.assignmentId);
    const doc = await service.classFor(request.user!, request.params.id);
    return (await service.assignmentViews(doc, [saved]))[0]!;
  });
};

export default routes;
