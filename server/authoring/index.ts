// The `authoring` plugin: drafts, publishing, versions, copies and uploads of
// courses written on this hub (routes.ts lists the operations). Published
// courses go through the content plugin's importer, so it depends on `content`.
import fp from 'fastify-plugin';
import { AuthoringRepository } from './repository.ts';
import { AuthoringService } from './service.ts';
import routes from './routes.ts';

export default fp<{ maxMediaBytes: number }>(
  async (app, options) => {
    const repository = new AuthoringRepository(app.store.databases.hub, app.store.hubId);
    const service = new AuthoringService(repository, app.content, app.store.hubId);
    await app.register(routes, { service, maxMediaBytes: options.maxMediaBytes });
  },
  { name: 'authoring', dependencies: ['store', 'content'] },
);
