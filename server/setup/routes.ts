// First-run setup and hub settings:
//   POST  /api/setup     name the hub, create the first administrator (once)
//   GET   /api/settings  the hub's settings (administrators)
//   PATCH /api/settings  change them
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, commonErrors } from '../schemas.ts';
import { startBrowserSession } from '../auth/routes.ts';
import { toSessionUser } from '../auth/user.ts';
import { SetupBody, SetupResult, Settings, SettingsChange } from './schemas.ts';
import { changeSettings, readSettings, settingsView, setUpHub } from './service.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const accounts = app.auth;

  app.post('/api/setup', {
    config: { public: true },
    schema: {
      tags: ['setup'],
      summary: 'First-run setup: name the hub and create the first administrator',
      description: 'Allowed once. The new administrator is signed in on this browser. Headless installs: `npx darasa setup`.',
      body: SetupBody,
      response: { 201: SetupResult, 409: ErrorResponse, ...commonErrors },
    },
  }, async (request, reply) => {
    const { settings, admin } = await setUpHub(accounts, request.body);
    const session = await accounts.sessions.start(toSessionUser(admin), 'staff', request.ip);
    const { user, csrfToken } = await startBrowserSession(accounts, request, reply, session);
    return reply.status(201).send({ hub: settingsView(settings), admin: { id: user.id, displayName: user.displayName, roles: user.roles }, csrfToken });
  });

  app.get('/api/settings', {
    config: { capability: 'settings.manage' },
    schema: { tags: ['setup'], summary: "The hub's settings", response: { 200: Settings, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse } },
  }, async () => settingsView(await readSettings(accounts)));

  app.patch('/api/settings', {
    config: { capability: 'settings.manage' },
    schema: {
      tags: ['setup'],
      summary: "Change the hub's name, country, default language or sign-in rules",
      body: SettingsChange,
      response: { 200: Settings, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, ...commonErrors },
    },
  }, async (request) => settingsView(await changeSettings(accounts, request.body)));
};

export default routes;
