// The `library` plugin: the shared library as teachers browse it on this hub.
import fp from 'fastify-plugin';
import routes from './routes.ts';

export default fp(async (app) => {
  await app.register(routes);
}, { name: 'library', dependencies: ['store', 'content'] });
