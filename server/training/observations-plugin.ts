// The `observations` plugin (issue 9): classroom observation of teachers by
// trainers, as `app.observations`. Sessions are the classes plugin's
// attendance documents, read through its repository (read only here).
//   observations-repository.ts  the only code touching criteria and observation documents
//   observations-service.ts     the rules (which session, which criteria, who observes)
//   observations-trend.ts       a teacher's trend, pure
//   observation-defaults.ts     the programme's default criteria (en, fr, sw)
import fp from 'fastify-plugin';
import { ObservationRepository } from './observations-repository.ts';
import { ObservationService } from './observations-service.ts';
import routes from './observations-routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    observations: ObservationService;
  }
}

export default fp(
  async (app) => {
    const service = new ObservationService(new ObservationRepository(app.store), app.classes.service.repository, app.auth.people, app.auth.settings);
    app.decorate('observations', service);
    await app.register(routes);
  },
  { name: 'observations', dependencies: ['store', 'auth', 'classes'] },
);
