// Serves the built workstation app. Hashed files under /assets/ never change,
// so they are cached for a year; index.html is revalidated on every load so a
// hub update reaches the workstations at once. `scripts/precompress.js` writes
// .br/.gz beside every file at build time, so the hub spends no CPU on it.
// Any GET that is not an API route or a file gets index.html (client routes).
import { existsSync } from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { StartupError } from '../startup-error.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export default fp<{ clientDir: string }>(
  async (app, options) => {
    const root = options.clientDir;
    if (!existsSync(path.join(root, 'index.html'))) {
      throw new StartupError(`The workstation app is not built in ${root}. Run "npm run build" (npm start does it for you).`);
    }
    await app.register(fastifyStatic, {
      root,
      preCompressed: true,
      cacheControl: false,
      index: 'index.html',
      setHeaders(reply, filePath) {
        const relative = path.relative(root, filePath);
        reply.header('Cache-Control', relative.startsWith(`assets${path.sep}`) ? IMMUTABLE : REVALIDATE);
      },
    });
    app.decorate('clientDir', root);
  },
  { name: 'client' },
);

declare module 'fastify' {
  interface FastifyInstance {
    clientDir?: string;
  }
}
