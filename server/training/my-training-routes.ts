// A teacher's own feedback (issue 9): the observations trainers made of their
// sessions and the certification decisions about them, for their home page.
//   GET /api/me/training   the signed-in person's own; nobody else's
// Trainers read any teacher's through /api/observations and /api/certifications.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse } from '../schemas.ts';
import { ObservationView } from './observations-schemas.ts';
import { DecisionView } from './certification-schemas.ts';

export const MyTraining = Type.Object({
  observations: Type.Array(ObservationView, { description: 'observations of my sessions, newest first' }),
  certifications: Type.Array(DecisionView, { description: 'certification decisions about me, newest first' }),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/me/training', {
    config: { capability: 'self.read' },
    schema: {
      tags: ['training'],
      summary: "My observations and certification decisions (a teacher reads the trainers' feedback; empty for anyone never observed)",
      response: { 200: MyTraining, 401: ErrorResponse },
    },
  }, async (request) => {
    const me = request.user!.id;
    const [observations, certifications] = await Promise.all([app.observations.history(me), app.certification.decisions(me)]);
    return { observations, certifications };
  });
};

export default routes;
