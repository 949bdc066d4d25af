// People:
//   GET   /api/people             search and list (staff)
//   POST  /api/people             create a learner (teachers) or staff (admins)
//   GET   /api/people/:id         one person
//   PATCH /api/people/:id         edit, change roles, set password or PIN, deactivate
//   POST  /api/people/:id/pin     a teacher sets a new PIN for a learner
//   POST  /api/people/:id/unlock  a teacher unlocks a locked account
// CSV import and export are in csv-routes.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, commonErrors } from '../schemas.ts';
import { Errors } from '../errors.ts';
import { CreatePersonBody, PeopleList, PeopleQuery, PersonParams, PersonView, PinBody, UpdatePersonBody } from './schemas.ts';
import { createPerson, listPeople, updatePerson, viewPerson } from './service.ts';

const guarded = { 401: ErrorResponse, 403: ErrorResponse };
const writeErrors = { ...commonErrors, ...guarded, 404: ErrorResponse, 409: ErrorResponse };

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const accounts = app.auth;

  app.get('/api/people', {
    config: { capability: 'people.read' },
    schema: {
      tags: ['people'],
      summary: 'Search and list people',
      description: 'Active people by default, sorted by name. `q` matches part of a name, username or community.',
      querystring: PeopleQuery,
      response: { 200: PeopleList, ...commonErrors, ...guarded },
    },
  }, async (request) => {
    const { people, total } = await listPeople(accounts, request.query);
    return { people: people.map((p) => viewPerson(accounts, p)), total };
  });

  app.post('/api/people', {
    config: { capability: 'learners.manage' },
    schema: {
      tags: ['people'],
      summary: 'Create a person',
      description: 'Teachers create learners; only administrators create teachers, trainers and administrators (who need a username and password). Secrets are hashed and kept on the hub only.',
      body: CreatePersonBody,
      response: { 201: PersonView, ...writeErrors },
    },
  }, async (request, reply) => reply.status(201).send(viewPerson(accounts, await createPerson(accounts, request.body, request.user))));

  app.get('/api/people/:id', {
    config: { capability: 'people.read' },
    schema: { tags: ['people'], summary: 'One person', params: PersonParams, response: { 200: PersonView, 404: ErrorResponse, ...commonErrors, ...guarded } },
  }, async (request) => {
    const person = await accounts.people.getPerson(request.params.id);
    if (!person) throw new Errors.NOT_FOUND(request.params.id);
    return viewPerson(accounts, person);
  });

  app.patch('/api/people/:id', {
    config: { capability: 'learners.manage' },
    schema: {
      tags: ['people'],
      summary: 'Edit a person, change roles, set a password or PIN, or deactivate (active: false)',
      description: 'People are never deleted: deactivation keeps their history. A new secret, new roles or deactivation ends their open sessions.',
      params: PersonParams,
      body: UpdatePersonBody,
      response: { 200: PersonView, ...writeErrors },
    },
  }, async (request) => viewPerson(accounts, await updatePerson(accounts, request.params.id, request.body, request.user)));

  app.post('/api/people/:id/pin', {
    config: { capability: 'pin.reset' },
    schema: {
      tags: ['people'],
      summary: "Set a new PIN for a learner who forgot theirs (also unlocks the account)",
      params: PersonParams,
      body: PinBody,
      response: { 200: PersonView, ...writeErrors },
    },
  }, async (request) => viewPerson(accounts, await updatePerson(accounts, request.params.id, { pin: request.body.pin }, request.user)));

  app.post('/api/people/:id/unlock', {
    config: { capability: 'account.unlock' },
    schema: {
      tags: ['people'],
      summary: 'Unlock an account locked after too many wrong PINs or passwords',
      params: PersonParams,
      response: { 200: PersonView, 404: ErrorResponse, ...commonErrors, ...guarded },
    },
  }, async (request) => {
    const person = await accounts.people.getPerson(request.params.id);
    if (!person) throw new Errors.NOT_FOUND(request.params.id);
    await accounts.lockout.unlockAccount(person._id);
    request.log.info({ personId: person._id, by: request.user?.id }, 'account unlocked');
    return viewPerson(accounts, person);
  });
};

export default routes;
