import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthResponse, HubResponse } from './schemas.ts';
import { readHealth } from './service.ts';

const routes: FastifyPluginAsyncTypebox<{ version: string }> = async (app, options) => {
  const startedAt = Date.now();

  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['hub'],
        summary: 'Is the hub alive and is its store answering?',
        response: { 200: HealthResponse, 503: HealthResponse },
      },
    },
    async (_request, reply) => {
      const health = await readHealth(app.store, options.version, startedAt);
      return reply.status(health.status === 'ok' ? 200 : 503).send(health);
    },
  );

  app.get(
    '/api/hub',
    {
      config: { public: true },
      schema: {
        tags: ['hub'],
        summary: "The hub's identity, for the app's header",
        description: 'Until first-run setup is done, `setupDone` is false and the app leads every page to setup.',
        response: { 200: HubResponse },
      },
    },
    async () => {
      const settings = await app.auth.settings.read();
      return {
        id: app.store.hubId,
        name: settings?.name ?? null,
        version: options.version,
        setupDone: settings !== null,
        defaultLanguage: settings?.defaultLanguage ?? null,
      };
    },
  );
};

export default routes;
