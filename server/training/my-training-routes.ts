// A teacher's own feedback (issue 9): the observations trainers made of their
// sessions and the certification decisions about them, for their home page.
//   GET /api/me/training                  the signed-in person's own; nobody else's
//   GET /api/me/certifications/:id        one of their own certificates, to print
// Trainers read any teacher's through /api/observations and /api/certifications.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, commonErrors } from '../schemas.ts';
import { ObservationView } from './observations-schemas.ts';
import { DecisionView } from './certification-schemas.ts';

export const MyTraining = Type.Object({
  observations: Type.Array(ObservationView, { description: 'observations of my sessions, newest first' }),
  certifications: Type.Array(DecisionView, { description: 'certification decisions about me, newest first' }),
});

const CertificateParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: "a decision's id, as listed by GET /api/me/training" }) });

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

  app.get('/api/me/certifications/:id', {
    config: { capability: 'self.read' },
    schema: {
      tags: ['training'],
      summary: 'One of my certificates, to print (the same data as the trainer\'s certificate page)',
      description:
        "Only the signed-in person's own 'certified' decisions: an unknown id or another person's decision is 404 NO_SUCH_CERTIFICATE (the same answer, so ids reveal nothing); " +
        "a 'not yet' decision is 404 NOT_CERTIFIED_YET. The code verifies at GET /api/certifications/verify/:code.",
      params: CertificateParams,
      response: { 200: DecisionView, ...commonErrors, 401: ErrorResponse, 404: ErrorResponse },
    },
  }, async (request) => app.certification.ownCertificate(request.user!.id, request.params.id));
};

export default routes;
