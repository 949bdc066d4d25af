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
// Cohorts (issue 9): the same routes under /api/cohorts with `{ area: 'cohorts' }`,
// guarded by cohorts.read / cohorts.manage, served by the cohort service (a
// class id on a cohort route is 404, and the other way round).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Capability } from '../auth/capabilities.ts';
import { ErrorResponse, commonErrors } from '../schemas.ts';
import {
  AssignBody, AssignmentList, AssignmentParams, AssignmentView, ClassList, ClassParams, ClassView, CreateClassBody, EnrolBody,
  LearnerParams, SessionBody, SessionList, SessionView, UpdateClassBody,
} from './schemas.ts';

const guarded = { 401: ErrorResponse, 403: ErrorResponse };
const readErrors = { ...commonErrors, ...guarded, 404: ErrorResponse };
const writeErrors = { ...readErrors, 409: ErrorResponse };

/** What the routes of each area say and check. */
export const AREAS = {
  classes: {
    prefix: '/api/classes', tags: ['classes'], read: 'classes.read', manage: 'classes.manage',
    list: 'The classes I teach or co-teach (administrators: every class)',
    create: 'The teacher who creates a class teaches it; `teacherIds` adds co-teachers (active teachers or administrators, else 400 NOT_TEACHERS).',
    notYours: '403 NOT_YOUR_CLASS for a teacher who does not teach it.', notIn: 'NOT_IN_CLASS',
    enrol: 'Enrol learners in the class',
    enrolRule: 'Idempotent: enrolling someone already in the class changes nothing. 400 NOT_LEARNERS lists ids that are unknown, inactive or not learners; then nobody is enrolled.',
  },
  cohorts: {
    prefix: '/api/cohorts', tags: ['cohorts'], read: 'cohorts.read', manage: 'cohorts.manage',
    list: 'The teacher cohorts I run (administrators: every cohort). A cohort is a class whose `teachers` are trainers and whose `learners` are teachers.',
    create: 'The trainer who creates a cohort runs it; `teacherIds` adds co-trainers (active trainers or administrators, else 400 NOT_TRAINERS).',
    notYours: '403 NOT_YOUR_COHORT for a trainer who does not run it; 404 for the id of a class (classes are under /api/classes).', notIn: 'NOT_IN_COHORT',
    enrol: 'Enrol teachers in the cohort',
    enrolRule: 'Idempotent: enrolling someone already in the cohort changes nothing. 400 NOT_COHORT_TEACHERS lists ids that are unknown, inactive or not teachers; then nobody is enrolled.',
  },
} as const satisfies Record<string, { prefix: string; read: Capability; manage: Capability; [key: string]: unknown }>;
export type Area = keyof typeof AREAS;

const routes: FastifyPluginAsyncTypebox<{ area: Area }> = async (app, { area }) => {
  const words = AREAS[area];
  const { prefix, tags: TAGS } = words;
  const read = { capability: words.read };
  const manage = { capability: words.manage };
  const noun = area === 'classes' ? 'class' : 'cohort';
  const members = area === 'classes' ? 'learners' : 'teachers';
  const service = area === 'classes' ? app.classes.service : app.classes.cohorts.service;

  app.get(prefix, {
    config: read,
    schema: { tags: TAGS, summary: words.list, response: { 200: ClassList, ...commonErrors, ...guarded } },
  }, async (request) => ({ classes: await service.summaries(await service.classesOf(request.user!)) }));

  app.post(prefix, {
    config: manage,
    schema: {
      tags: TAGS,
      summary: `Create a ${noun}`,
      description: words.create,
      body: CreateClassBody,
      response: { 201: ClassView, ...writeErrors },
    },
  }, async (request, reply) => reply.status(201).send(await service.view(await service.createClass(request.user!, request.body))));

  app.get(`${prefix}/:id`, {
    config: read,
    schema: { tags: TAGS, summary: `One ${noun}: ${area === 'classes' ? 'teachers' : 'trainers'}, ${members}, groups`, description: words.notYours, params: ClassParams, response: { 200: ClassView, ...readErrors } },
  }, async (request) => service.view(await service.classFor(request.user!, request.params.id)));

  app.patch(`${prefix}/:id`, {
    config: manage,
    schema: {
      tags: TAGS,
      summary: `Edit a ${noun}: name, level, language, schedule, visit dates, co-${area === 'classes' ? 'teachers' : 'trainers'}, groups`,
      description: `\`groups\` replaces the list of groups; each names enrolled ${members} only (else 400 ${words.notIn} with their ids).`,
      params: ClassParams,
      body: UpdateClassBody,
      response: { 200: ClassView, ...writeErrors },
    },
  }, async (request) => service.view(await service.updateClass(request.user!, request.params.id, request.body)));

  app.post(`${prefix}/:id/learners`, {
    config: manage,
    schema: {
      tags: TAGS,
      summary: words.enrol,
      description: words.enrolRule,
      params: ClassParams,
      body: EnrolBody,
      response: { 200: ClassView, ...writeErrors },
    },
  }, async (request) => service.view(await service.enrolLearners(request.user!, request.params.id, request.body.personIds)));

  app.delete(`${prefix}/:id/learners/:personId`, {
    config: manage,
    schema: { tags: TAGS, summary: `Take a ${members.slice(0, -1)} out of the ${noun} (their history stays)`, params: LearnerParams, response: { 200: ClassView, ...writeErrors } },
  }, async (request) => service.view(await service.unenrolLearner(request.user!, request.params.id, request.params.personId)));

  app.get(`${prefix}/:id/sessions`, {
    config: read,
    schema: { tags: TAGS, summary: `The ${noun}'s sessions and attendance, oldest first`, params: ClassParams, response: { 200: SessionList, ...readErrors } },
  }, async (request) => {
    await service.classFor(request.user!, request.params.id);
    return { sessions: await service.sessionViews(await service.repository.sessionsOf(request.params.id)) };
  });

  app.post(`${prefix}/:id/sessions`, {
    config: manage,
    schema: {
      tags: TAGS,
      summary: "Take the day's attendance (present, absent, late)",
      description:
        `One session per ${noun} and day: a second call the same day changes the statuses it names and keeps the others. ` +
        'Only today (by the hub\'s clock) can be written: an earlier day is 409 ATTENDANCE_CLOSED, a later one 400. ' +
        `${area === 'classes' ? 'Learners' : 'Teachers'} not enrolled: 400 ${words.notIn} with their ids.`,
      params: ClassParams,
      body: SessionBody,
      response: { 200: SessionView, ...writeErrors },
    },
  }, async (request) => {
    const saved = await service.recordSession(request.user!, request.params.id, request.body);
    return (await service.sessionViews([saved]))[0]!;
  });

  app.get(`${prefix}/:id/assignments`, {
    config: read,
    schema: { tags: TAGS, summary: `Work assigned to the ${noun}, newest first`, params: ClassParams, response: { 200: AssignmentList, ...readErrors } },
  }, async (request) => {
    const doc = await service.classFor(request.user!, request.params.id);
    return { assignments: await service.assignmentViews(doc, await service.assignmentsOfClass(doc._id)) };
  });

  app.post(`${prefix}/:id/assignments`, {
    config: manage,
    schema: {
      tags: TAGS,
      summary: `Assign a lesson, a course or a quiz to the ${noun}, a group or chosen ${members}`,
      description: `400 ${words.notIn} (with the ids) for ${members} not enrolled, UNKNOWN_GROUP, UNKNOWN_CONTENT for a lesson or course not on the hub.`,
      params: ClassParams,
      body: AssignBody,
      response: { 201: AssignmentView, ...writeErrors },
    },
  }, async (request, reply) => {
    const saved = await service.assign(request.user!, request.params.id, request.body);
    const doc = await service.classFor(request.user!, request.params.id);
    return reply.status(201).send((await service.assignmentViews(doc, [saved]))[0]!);
  });

  app.post(`${prefix}/:id/assignments/:assignmentId/release`, {
    config: manage,
    schema: { tags: TAGS, summary: `Release held quiz results: ${members} see which answers were right`, params: AssignmentParams, response: { 200: AssignmentView, ...writeErrors } },
  }, async (request) => {
    const saved = await service.releaseResults(request.user!, request.params.id, request.params.assignmentId);
    const doc = await service.classFor(request.user!, request.params.id);
    return (await service.assignmentViews(doc, [saved]))[0]!;
  });
};

export default routes;
