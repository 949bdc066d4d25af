// The guard every API route passes through. Two halves:
//   - at start-up (onRoute): every /api route must declare `config.capability`
//     or `config.public`, or the hub refuses to start, so no route is left
//     unguarded by forgetting. Hidden routes (/api/openapi.json) and Swagger
//     UI's pages under /api/docs are public documentation.
//   - per request (onRequest, before the body is parsed or validated): resolve
//     the session cookie into `request.user`; then no session → 401
//     UNAUTHENTICATED, a role without the capability → 403 FORBIDDEN, and an
//     unsafe method without the session's CSRF token → 403 CSRF_INVALID. A
//     refused caller never sees a schema error describing the route.
//
// CSRF: the synchronizer-token pattern. Each session holds a random token the
// app receives at sign-in (scripts: GET /api/session/csrf) and sends back in the
// `x-csrf-token` header on POST/PUT/PATCH/DELETE. A forged cross-site request
// carries the cookie (where SameSite does not stop it) but cannot read the
// token. The sign-in and setup routes need no token: they accept JSON only, and
// a cross-site JSON POST needs a CORS preflight the hub never grants.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Errors } from '../errors.ts';
import { can, type Capability, CAPABILITIES } from './capabilities.ts';
import { tokensEqual, type Session } from './sessions.ts';
import './user.ts';

export const SESSION_COOKIE = 'darasa_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface GuardedRoute {
  method: string;
  url: string;
  capability: Capability | null;
}

function isDocumentationRoute(url: string, hidden: boolean): boolean {
  return hidden || url === '/api/docs' || url.startsWith('/api/docs/');
}

export function csrfValid(request: FastifyRequest, session: Session): boolean {
  const header = request.headers[CSRF_HEADER];
  return typeof header === 'string' && tokensEqual(header, session.csrfToken);
}

/** Says in the OpenAPI document who may call a guarded route (@fastify/swagger
 * reads route schemas when the document is generated, after every route is in). */
function documentGuard(route: { schema?: Record<string, unknown> }, capability: Capability, methods: string[]): void {
  if (!route.schema) return;
  const roles = CAPABILITIES[capability].join(', ');
  const note = `Needs \`${capability}\` (${roles}).`;
  const description = typeof route.schema.description === 'string' ? route.schema.description : '';
  route.schema.description = description ? `${description}\n\n${note}` : note;
  const unsafe = methods.some((method) => !SAFE_METHODS.has(method));
  route.schema.security = [unsafe ? { session: [], csrf: [] } : { session: [] }];
}

export function installGuard(app: FastifyInstance): GuardedRoute[] {
  const guarded: GuardedRoute[] = [];

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const config = (route.config ?? {}) as { capability?: string; public?: boolean };
    const methods = ([] as string[]).concat(route.method).filter((m) => m !== 'HEAD');
    if (config.capability) {
      if (!(config.capability in CAPABILITIES)) throw new Error(`${route.url} names an unknown capability "${config.capability}"`);
      documentGuard(route as { schema?: Record<string, unknown> }, config.capability as Capability, methods);
      for (const method of methods) guarded.push({ method, url: route.url, capability: config.capability as Capability });
      return;
    }
    if (config.public || isDocumentationRoute(route.url, Boolean(route.schema?.hide))) {
      for (const method of methods) guarded.push({ method, url: route.url, capability: null });
      return;
    }
    throw new Error(`API route ${methods.join(',')} ${route.url} declares neither config.capability nor config.public; every /api route must say who may call it.`);
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api')) return;
    const token = request.cookies[SESSION_COOKIE];
    const session = app.auth.sessions.resolve(token);
    request.session = session;
    request.user = session?.user ?? null;

    const capability = request.routeOptions.config.capability;
    if (!capability) return;
    if (!request.user || !session) throw new Errors.UNAUTHENTICATED();
    if (!can(request.user.roles, capability)) throw new Errors.FORBIDDEN(capability);
    if (!SAFE_METHODS.has(request.method) && !csrfValid(request, session)) throw new Errors.CSRF_INVALID();
  });

  return guarded;
}
