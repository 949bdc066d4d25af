// The `auth` plugin: cookies, the accounts (settings, people, sessions, lockout
// counters) that the setup, sign-in and people routes share, and the guard
// (guard.ts) on every API route. Registered among the app's shared plugins,
// before any route, so its onRoute check sees them all.
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { AuthConfig } from '../config.ts';
import { flushAccounts, openAccounts, type Accounts } from './accounts.ts';
import { installGuard, type GuardedRoute } from './guard.ts';

export interface Auth extends Accounts {
  /** Every API route and the capability it needs (null: public), for the table-walking test. */
  routes: GuardedRoute[];
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: Auth;
  }
}

export default fp<{ auth: AuthConfig }>(
  async (app, options) => {
    await app.register(cookie);
    const accounts = await openAccounts(app.store, options.auth);
    app.decorate('auth', { ...accounts, routes: [] });
    app.decorateRequest('user', null);
    app.decorateRequest('session', null);
    app.auth.routes = installGuard(app);

    // Writes still in flight must reach the disk before the store plugin closes
    // the databases (Fastify runs onClose hooks in reverse order of registration).
    app.addHook('onClose', async () => {
      await flushAccounts(accounts);
    });
  },
  { name: 'auth', dependencies: ['store'] },
);
