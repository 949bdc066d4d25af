// Walks the whole capability table: for every API route the app registers and
// every role (and nobody signed in), the guard allows or refuses exactly as
// server/auth/capabilities.ts says. Generated from the table and the app's own
// route list, so a new route or a changed row is covered without editing this.
// Refusals must come before validation: the body sent is invalid on purpose,
// so a route that validated first would answer 400, not 401/403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../support/test-app.ts';
import { removeTempDirs } from '../support/temp-dir.ts';
import { createPerson, personWithRoles, setUpAndSignIn, type TestSession } from '../support/auth.ts';
import { CAPABILITIES, ROLES, can } from '../../server/auth/capabilities.ts';
import type { GuardedRoute } from '../../server/auth/guard.ts';

let app: FastifyInstance;
let admin: TestSession;
let learnerId: string;
let routes: GuardedRoute[];

beforeAll(async () => {
  app = await buildTestApp();
  await app.ready();
  admin = await setUpAndSignIn(app);
  learnerId = (await createPerson(app, admin, { givenName: 'Target' })).id;
  routes = app.auth.routes;
});

afterAll(async () => {
  await app?.close();
  await removeTempDirs();
});

/** Fills path parameters: a real learner for :id, a plausible value elsewhere. */
function concreteUrl(url: string): string {
  return url.replace(/:id\b/g, encodeURIComponent(learnerId)).replace(/:([A-Za-z]+)/g, 'probe').replace(/\*$/, 'probe');
}

async function call(route: GuardedRoute, as: TestSession | null) {
  return app.inject({
    method: route.method as 'GET',
    url: concreteUrl(route.url),
    headers: { ...(as?.headers ?? {}), 'content-type': 'application/json' },
    ...(route.method === 'GET' || route.method === 'HEAD' ? {} : { payload: JSON.stringify({ notAField: 'x'.repeat(10) }) }),
  });
}

function codeOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { code?: string }).code;
  } catch {
    return undefined; // not JSON (a page, a file, 204): certainly not a refusal
  }
}

describe('the capability table', () => {
  it('covers every API route the app registers, each guarded or declared public', () => {
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      if (route.capability) expect(Object.keys(CAPABILITIES)).toContain(route.capability);
    }
    // The routes this issue adds are guarded as the public interface says.
    const find = (method: string, url: string) => routes.find((r) => r.method === method && r.url === url);
    expect(find('POST', '/api/setup')?.capability).toBeNull();
    expect(find('POST', '/api/session')?.capability).toBeNull();
    expect(find('GET', '/api/me')?.capability).toBe('self.read');
    expect(find('POST', '/api/people')?.capability).toBe('learners.manage');
  });

  it('refuses every guarded route to a caller who is not signed in with 401 UNAUTHENTICATED', async () => {
    for (const route of routes.filter((r) => r.capability)) {
      const response = await call(route, null);
      expect({ route: `${route.method} ${route.url}`, status: response.statusCode, code: response.json().code })
        .toEqual({ route: `${route.method} ${route.url}`, status: 401, code: 'UNAUTHENTICATED' });
    }
  });

  for (const role of ROLES) {
    it(`allows or refuses every route to a ${role} exactly as the table says`, async () => {
      for (const route of routes) {
        // A fresh session per call: some allowed calls (sign-out, deactivation) end it.
        const as = await personWithRoles(app, admin, [role]);
        const response = await call(route, as);
        const label = `${role} ${route.method} ${route.url}`;
        const allowed = route.capability === null || can([role], route.capability);
        if (allowed) {
          expect({ label, status: response.statusCode }).not.toEqual({ label, status: 401 });
          expect({ label, code: codeOf(response.body) }).not.toEqual({ label, code: 'FORBIDDEN' });
        } else {
          expect({ label, status: response.statusCode, code: response.json().code }).toEqual({ label, status: 403, code: 'FORBIDDEN' });
        }
      }
    });
  }

  it('adds up several roles: a trainer who is also a teacher may do what either may', async () => {
    const both = await personWithRoles(app, admin, ['teacher', 'trainer']);
    const response = await app.inject({ method: 'GET', url: '/api/people', headers: both.headers });
    expect(response.statusCode).toBe(200);
    expect(can(['teacher', 'trainer'], 'content.import')).toBe(true);
    expect(can(['trainer'], 'content.import')).toBe(false);
  });
});
