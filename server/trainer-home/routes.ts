//   GET /api/trainer/home   the teachers I train, their progress, and what needs me
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, commonErrors } from '../schemas.ts';
import { TrainerHome } from './schemas.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/trainer/home', {
    config: { capability: 'cohorts.read' },
    schema: {
      tags: ['cohorts'],
      summary: "The trainer's home: the teachers in my cohorts with their training, observations, certification and curricula; reviews waiting and teachers stalled",
      description:
        'Teachers: those enrolled in the cohorts the trainer runs (administrators: every cohort). Training progress counts the lessons assigned to the teacher in any cohort. ' +
        'Stalled: no learning event in `stalledAfterDays` days, or none at all. Reviews: every course review on the hub waiting for a trainer.',
      response: { 200: TrainerHome, ...commonErrors, 401: ErrorResponse, 403: ErrorResponse },
    },
  }, async (request) => app.trainerHome.home(request.user!));
};

export default routes;
