// The learning API (issue 5):
//   POST /api/events                    record the signed-in person's events (idempotent by id)
//   POST /api/activities/:id/check      mark one answer, with feedback
// Progress and certificates are in progress-routes.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Errors } from '../errors.ts';
import { ErrorResponse, commonErrors } from '../schemas.ts';
import { checkAnswer } from './check-service.ts';
import { ingestEvents } from './ingest.ts';
import { ActivityParams, CheckBody, CheckResult, EventsBody, EventsResult } from './schemas.ts';

const guarded = { 401: ErrorResponse, 403: ErrorResponse };
/** 100 events with 20 KB answers would be 2 MB; a batch is small in practice. */
const EVENTS_BODY_LIMIT = 1024 * 1024;
const CHECK_BODY_LIMIT = 64 * 1024;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/events', {
    config: { capability: 'learning.record' },
    bodyLimit: EVENTS_BODY_LIMIT,
    schema: {
      tags: ['learning'],
      summary: "Record the signed-in person's learning events",
      description:
        'Each event has an id made in the browser; sending it again is safe (`duplicate`, nothing changes). Events are answered one by one: ' +
        '`accepted` are on disk when this answer is sent, `rejected` carry a code (DUPLICATE_EVENT_CONFLICT, EVENT_INVALID, EVENT_TIME_INVALID, ' +
        'UNKNOWN_COURSE, UNKNOWN_LESSON, UNKNOWN_ACTIVITY, RESPONSE_TOO_LARGE) and will not succeed if sent again. ' +
        'The events are always recorded for the signed-in person. 429 EVENTS_FLOOD past 600 events a minute per person or workstation; 413 over 1 MB.',
      body: EventsBody,
      response: { 200: EventsResult, ...commonErrors, ...guarded, 413: ErrorResponse, 429: ErrorResponse },
    },
  }, async (request) => {
    return ingestEvents(app.learning.ingestDeps, request.body.events, { personId: request.user!.id, workstation: request.ip });
  });

  app.post('/api/activities/:id/check', {
    config: { capability: 'learning.record' },
    bodyLimit: CHECK_BODY_LIMIT,
    schema: {
      tags: ['learning'],
      summary: 'Check an answer to an activity',
      description:
        'Response by kind: single-choice `{ choice }`, multiple-choice `{ choices }`, true-false `{ value }`, short-text `{ text }`, numeric `{ value }`, ' +
        'ordering `{ items }`, matching `{ pairs }`, coding `{ code }` (run against the hidden tests in a worker, 2 s limit), typing `{ typed, durationMs }`. ' +
        'Partial credit for multiple-choice, ordering and matching. Recording the attempt is a separate `answered` event. ' +
        'In a quiz whose results the teacher holds back (an assignment with showResults "later", not yet released) the answer is ' +
        'accepted but not marked for the learner: `held: true`, `correct` false, `score` 0 and no feedback; the hub marks it for the teacher.',
      params: ActivityParams,
      body: CheckBody,
      response: { 200: CheckResult, ...commonErrors, ...guarded, 404: ErrorResponse, 413: ErrorResponse },
    },
  }, async (request) => {
    const found = await app.content.findActivity(request.params.id);
    if (!found) throw new Errors.UNKNOWN_ACTIVITY(request.params.id);
    const result = await checkAnswer(found.activity, found.lesson, request.body.response);
    if (found.lesson.quiz && request.user) {
      for (const hold of app.learning.resultHolds) {
        if (await hold(request.user.id, found.lesson.lessonId)) return { correct: false, score: 0, held: true, feedback: {} };
      }
    }
    return result;
  });
};

export default routes;
