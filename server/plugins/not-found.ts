// What happens to a request no route matches: API paths get a NOT_FOUND error
// in the catalogue's format; other GETs get the app's index.html so that a
// reloaded client route (/learn/…) still opens the app. Only a name ending in
// a file type the app is built from counts as a missing file: a client route
// may end in an id with a dot (a certificate's `….level-1.certified`).
import fp from 'fastify-plugin';
import { Errors } from '../errors.ts';

const FILE = /\.(?:html?|m?js|css|map|json|webmanifest|ico|png|jpe?g|gif|svg|webp|avif|woff2?|ttf|otf|txt|xml|wasm|br|gz)$/i;

export default fp(
  async (app) => {
    app.setNotFoundHandler((request, reply) => {
      const pathname = request.url.split('?')[0] ?? '/';
      const isApi = pathname === '/api' || pathname.startsWith('/api/');
      const isPage = (request.method === 'GET' || request.method === 'HEAD') && !isApi && !FILE.test(pathname);
      if (isPage && app.clientDir) {
        return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
      }
      return reply.send(new Errors.NOT_FOUND(`${request.method} ${pathname}`));
    });
  },
  { name: 'not-found', dependencies: ['error-handler'] },
);
