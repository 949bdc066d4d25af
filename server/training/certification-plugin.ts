// The `certification` plugin (issue 9): certification levels, trainers'
// decisions on teachers, and the public verification of certificates, as
// `app.certification`. Courses completed come from the learning plugin's
// progress (events), observed sessions from the observations plugin.
//   certification-repository.ts  the only code touching level and decision documents
//   certification-service.ts     the rules (evaluation, who decides, codes)
//   certification-defaults.ts    the programme's default levels
import fp from 'fastify-plugin';
import { CertificationRepository } from './certification-repository.ts';
import { CertificationService } from './certification-service.ts';
import routes from './certification-routes.ts';
import myTrainingRoutes from './my-training-routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    certification: CertificationService;
  }
}

export default fp(
  async (app) => {
    const service = new CertificationService({
      repository: new CertificationRepository(app.store),
      observations: app.observations.repository,
      progress: app.learning.progress,
      content: app.learning.content,
      people: app.auth.people,
      settings: app.auth.settings,
      secret: () => app.learning.repository.certificateSecret(),
    });
    app.decorate('certification', service);
    await app.register(routes);
    await app.register(myTrainingRoutes);
  },
  { name: 'certification', dependencies: ['store', 'auth', 'learning', 'observations'] },
);
