// Builds the hub's Fastify application from a typed config. Order matters and is
// fixed: external plugins, then the app's own shared plugins, then routes.
// Tests call buildApp with a temporary data directory and use app.inject.
import Fastify, { type FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppConfig } from './config.ts';
import errorHandler from './plugins/error-handler.ts';
import notFound from './plugins/not-found.ts';
import openapi from './plugins/openapi.ts';
import securityHeaders from './plugins/security-headers.ts';
import store from './plugins/store.ts';
import client from './plugins/client.ts';
import health from './health/index.ts';
import auth from './auth/index.ts';
import setup from './setup/index.ts';
import session from './auth/routes.ts';
import people from './people/index.ts';
import content from './content/index.ts';
import sync from './sync/index.ts';
import learning from './learning/index.ts';
import authoring from './authoring/index.ts';
import classes from './classes/index.ts';
import trainerHome from './trainer-home/index.ts';
import observations from './training/observations-plugin.ts';
import certification from './training/certification-plugin.ts';
import reviews from './reviews/index.ts';
import library from './library/index.ts';

export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    // A hub restart should not wait on idle keep-alive sockets of 21 browsers.
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // External plugins.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });

  // The app's own shared plugins.
  await app.register(errorHandler);
  await app.register(securityHeaders);
  await app.register(store, { dataDir: config.dataDir });
  await app.register(openapi, { version: config.version });
  await app.register(auth, { auth: config.auth });
  if (config.clientDir) await app.register(client, { clientDir: config.clientDir });
  await app.register(notFound);

  // Routes, one plugin per domain.
  await app.register(health, { version: config.version });
  await app.register(setup);
  await app.register(session);
  await app.register(people);
  await app.register(content, { seedPackDir: config.seedPackDir, maxPackBytes: config.maxPackBytes });
  await app.register(sync, config.sync);
  await app.register(learning);
  await app.register(authoring, { maxMediaBytes: config.maxMediaBytes });
  await app.register(classes);
  await app.register(trainerHome);
  await app.register(observations);
  await app.register(certification);
  await app.register(reviews);
  await app.register(library);

  return app;
}
