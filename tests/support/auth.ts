// Helpers for tests that need a set-up hub and signed-in people, in-process
// (app.inject) or over HTTP and in a browser. Shared with the content tests.
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Page } from 'playwright-core';

export const ADMIN = { username: 'admin', password: 'correct horse battery' } as const;

export interface TestSession {
  /** The `cookie` header value to send with app.inject or fetch. */
  cookie: string;
  csrfToken: string;
  /** Headers for a call as this person: cookie and CSRF token. */
  headers: Record<string, string>;
  user: { id: string; displayName: string; roles: string[] };
}

function cookieFrom(setCookie: string | string[] | undefined): string {
  const first = ([] as string[]).concat(setCookie ?? [])[0];
  if (!first) throw new Error('no session cookie was set');
  return first.split(';')[0]!;
}

function toSession(cookie: string, body: { csrfToken: string; user: TestSession['user'] }): TestSession {
  return { cookie, csrfToken: body.csrfToken, headers: { cookie, 'x-csrf-token': body.csrfToken }, user: body.user };
}

/** POST /api/setup with a test hub name and the ADMIN credentials; returns them. */
export async function setUpHub(app: FastifyInstance, overrides: { hubName?: string; language?: string } = {}): Promise<typeof ADMIN & { id: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/setup',
    payload: { hubName: overrides.hubName ?? 'Test truck', country: 'KE', language: overrides.language ?? 'en', admin: ADMIN },
  });
  if (response.statusCode !== 201) throw new Error(`setup failed: ${response.statusCode} ${response.body}`);
  return { ...ADMIN, id: response.json().admin.id };
}

export async function signIn(app: FastifyInstance, username: string, password: string): Promise<TestSession> {
  const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`);
  return toSession(cookieFrom(response.headers['set-cookie']), response.json());
}

export async function signInLearner(app: FastifyInstance, personId: string, pin?: string, remoteAddress?: string): Promise<TestSession> {
  const response = await app.inject({ method: 'POST', url: '/api/session/learner', payload: { personId, ...(pin ? { pin } : {}) }, ...(remoteAddress ? { remoteAddress } : {}) });
  if (response.statusCode !== 200) throw new Error(`learner sign-in failed: ${response.statusCode} ${response.body}`);
  return toSession(cookieFrom(response.headers['set-cookie']), response.json());
}

/** Sets up the hub and signs the administrator in. */
export async function setUpAndSignIn(app: FastifyInstance): Promise<TestSession> {
  const admin = await setUpHub(app);
  return signIn(app, admin.username, admin.password);
}

export interface NewPerson {
  givenName?: string;
  familyName?: string;
  roles?: string[];
  username?: string;
  password?: string;
  pin?: string;
  [field: string]: unknown;
}

/** POST /api/people as `as`; defaults to a learner with PIN 1234. Returns the person. */
export async function createPerson(app: FastifyInstance, as: TestSession, person: NewPerson = {}): Promise<{ id: string; [field: string]: unknown }> {
  const payload = { givenName: 'Amina', familyName: 'Otieno', roles: ['learner'], ...(person.roles?.includes('learner') === false ? {} : { pin: '1234' }), ...person };
  const response = await app.inject({ method: 'POST', url: '/api/people', headers: as.headers, payload });
  if (response.statusCode !== 201) throw new Error(`creating a person failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** Creates a person holding exactly these roles (staff get username/password) and signs them in. */
export async function personWithRoles(app: FastifyInstance, admin: TestSession, roles: string[], name = roles.join('-')): Promise<TestSession> {
  const staff = roles.some((role) => role !== 'learner');
  const username = `${name}-${Math.random().toString(36).slice(2, 8)}`;
  const person = await createPerson(app, admin, { givenName: name, roles, ...(staff ? { username, password: 'password-1234' } : {}) });
  return staff ? signIn(app, username, 'password-1234') : signInLearner(app, person.id, '1234');
}

/** app.inject with a session's cookie and CSRF token. */
export function injectAs(app: FastifyInstance, as: TestSession | null, options: InjectOptions) {
  return app.inject({ ...options, headers: { ...(as?.headers ?? {}), ...(options.headers ?? {}) } });
}

// Over HTTP, for real hub processes and the browser tests.

export async function setUpHubOverHttp(url: string, overrides: { hubName?: string; language?: string } = {}): Promise<typeof ADMIN> {
  const response = await fetch(`${url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hubName: overrides.hubName ?? 'Test truck', country: 'KE', language: overrides.language ?? 'en', admin: ADMIN }),
  });
  if (response.status !== 201) throw new Error(`setup failed: ${response.status} ${await response.text()}`);
  return ADMIN;
}

export async function signInOverHttp(url: string, username: string, password: string): Promise<TestSession> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return toSession(cookieFrom(response.headers.getSetCookie()), await response.json());
}

/** Signs a staff member in through the app's staff sign-in page, like a person would. */
export async function signInInBrowser(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/sign-in/staff`);
  await page.locator('#staff-username').fill(username);
  await page.locator('#staff-password').fill(password);
  await page.locator('form[data-form="staff-sign-in"] button[type="submit"]').click();
  await page.locator('[data-testid="who-am-i"]').waitFor();
}
