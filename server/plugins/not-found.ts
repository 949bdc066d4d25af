// What happens to a request no route matches: API paths get a NOT_FOUND error
// in the catalogue's format; other GETs get the app's index.html so that a
// reloaded client route (/learn/…) still opens the app.
import fp from 'fastify-plugin';
import { Errors } from '../errors.ts';

export default fp(
  async (app) => {
    app.setNotFoundHandler((request, reply) => {
      const pathname = request.url.split('?')[0] ?? '/';
      const isApi = pathname === '/api' || pathname.startsWith('/api/');
      const isPage = (request.method === 'GET' || request.method === 'HEAD') && !isApi && !/\.[a-z0-9]+$/i.test(pathname);
      if (isPage && app.clientDir) {
        return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
      }
      return reply.send(new Errors.NOT_FOUND(`${request.method} ${pathname}`));
    });
  },
  { name: 'not-found', dependencies: ['error-handler'] },
);
