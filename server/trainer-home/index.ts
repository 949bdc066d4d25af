// The `trainer-home` plugin (issue 9): the trainer's start page, as
// `app.trainerHome`.
//   repository.ts  reads observations, certifications, course reviews and drafts (read-only)
//   service.ts     the figures per teacher and what needs attention
//   routes.ts      GET /api/trainer/home
import fp from 'fastify-plugin';
import { TrainerHomeRepository } from './repository.ts';
import { TrainerHomeService } from './service.ts';
import routes from './routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    trainerHome: TrainerHomeService;
  }
}

export default fp(
  async (app) => {
    const { progress, content } = app.learning;
    const completed = {
      completedLessonIds: async (personId: string) => new Set((await progress.progressOf(personId)).flatMap((p) => p.completedLessonIds)),
    };
    app.decorate('trainerHome', new TrainerHomeService(new TrainerHomeRepository(app.store), app.classes.cohorts.service, app.classes.events, completed, app.auth.people, content));
    await app.register(routes);
  },
  { name: 'trainer-home', dependencies: ['store', 'auth', 'learning', 'classes'] },
);
