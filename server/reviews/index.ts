// The `reviews` plugin: curriculum review of courses authored on this hub
// (service.ts says the rules). It reads the authoring documents through the
// authoring repository and builds library packs with the content media store.
import fp from 'fastify-plugin';
import { AuthoringRepository } from '../authoring/repository.ts';
import { SyncRepository } from '../sync/repository.ts';
import { ReviewRepository } from './repository.ts';
import { ReviewService } from './service.ts';
import routes from './routes.ts';

export default fp(
  async (app) => {
    const authoring = new AuthoringRepository(app.store.databases.hub, app.store.hubId);
    const service = new ReviewService(new ReviewRepository(app.store.databases.hub, app.store.hubId), authoring, app.content.media, app.store.hubId);
    // Central's decisions on this hub's submissions, as the last sync brought them.
    const sync = new SyncRepository(app.store.databases.local, app.store.hubId);
    const decisions = async () => (await sync.getState()).library?.decisions ?? [];
    await app.register(routes, { service, authoring, decisions });
  },
  { name: 'reviews', dependencies: ['store', 'content'] },
);
