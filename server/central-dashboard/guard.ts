// The dashboard's guard, as the hub's (server/auth/guard.ts) but over central
// staff: every /api route must declare `config.centralCapability` (central's
// table, capabilities.ts; a key apart from the hub's `capability`) or `config.public`, or the dashboard refuses to start; per
// request, no session → 401, a role without the capability → 403, an unsafe
// method without the session's CSRF token → 403.
import type { FastifyInstance } from 'fastify';
import { Errors } from '../errors.ts';
import { tokensEqual } from '../auth/sessions.ts';
import { CENTRAL_CAPABILITIES, centralCan, type CentralCapability } from './capabilities.ts';
import type { StaffSession, StaffSessions } from './sessions.ts';

export const STAFF_COOKIE = 'darasa_central_session';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffSession | null;
  }
  interface FastifyContextConfig {
    centralCapability?: CentralCapability;
  }
}

export function installCentralGuard(app: FastifyInstance, sessions: StaffSessions): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const config = (route.config ?? {}) as { centralCapability?: string; public?: boolean };
    if (config.centralCapability) {
      if (!(config.centralCapability in CENTRAL_CAPABILITIES)) throw new Error(`${route.url} names an unknown central capability "${config.centralCapability}"`);
      if (route.schema) {
        const schema = route.schema as Record<string, unknown>;
        const note = `Needs \`${config.centralCapability}\` (${CENTRAL_CAPABILITIES[config.centralCapability as CentralCapability].join(', ')}).`;
        schema.description = typeof schema.description === 'string' && schema.description ? `${schema.description}\n\n${note}` : note;
      }
      return;
    }
    if (config.public || route.schema?.hide || route.url === '/api/docs' || route.url.startsWith('/api/docs/')) return;
    throw new Error(`API route ${route.url} declares neither config.capability nor config.public.`);
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api')) return;
    const session = sessions.resolve(request.cookies[STAFF_COOKIE]);
    request.staff = session;
    const capability = (request.routeOptions.config as { centralCapability?: CentralCapability }).centralCapability;
    if (!capability) return;
    if (!session) throw new Errors.UNAUTHENTICATED();
    if (!centralCan(session.roles, capability)) throw new Errors.FORBIDDEN(capability);
    if (!SAFE.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !tokensEqual(header, session.csrfToken)) throw new Errors.CSRF_INVALID();
    }
  });
}
