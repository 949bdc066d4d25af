// Sign-in and sessions:
//   POST   /api/session           staff: username + password
//   POST   /api/session/learner   learner: person id + PIN
//   DELETE /api/session           sign out (this browser)
//   GET    /api/me                who am I
//   GET    /api/session/csrf      the CSRF token, for scripts
//   GET    /api/session/learners  the sign-in grid (public: nobody is signed in yet)
//   GET    /api/session           this browser's session or null (public: the app's first call,
//                                 so an anonymous visitor is not answered with a 401)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { ErrorResponse, commonErrors } from '../schemas.ts';
import { Errors } from '../errors.ts';
import { csrfValid, SESSION_COOKIE } from './guard.ts';
import { CsrfToken, LearnerSignInBody, Me, PickerList, SessionState, SignedIn, StaffSignInBody } from './schemas.ts';
import { learnersForPicker, signInLearner, signInStaff, type SignedIn as SignedInResult } from './service.ts';
import type { Session } from './sessions.ts';
import type { Accounts } from './accounts.ts';
import { DEFAULT_LEARNER_IDLE_MINUTES } from '../setup/repository.ts';

const signInErrors = { ...commonErrors, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, 423: ErrorResponse, 429: ErrorResponse };

export function describeSession(accounts: Accounts, session: Session): Static<typeof Me> {
  const idleMs = session.kind === 'learner'
    ? accounts.config.learnerIdleMs ?? (accounts.settings.peek()?.learnerIdleMinutes ?? DEFAULT_LEARNER_IDLE_MINUTES) * 60_000
    : accounts.config.staffIdleMs;
  return { ...session.user, kind: session.kind, idleSeconds: Math.max(1, Math.round(idleMs / 1000)) };
}

/** Sets the session cookie: HttpOnly (no script reads it), SameSite=Strict (no
 * other site's page sends it), Secure when the hub is reached over HTTPS. No
 * Max-Age: closing the browser forgets it, and the hub forgets idle ones. */
export async function startBrowserSession(accounts: Accounts, request: FastifyRequest, reply: FastifyReply, signedIn: SignedInResult) {
  await accounts.sessions.end(request.cookies[SESSION_COOKIE]);
  reply.setCookie(SESSION_COOKIE, signedIn.token, { httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' });
  return { user: describeSession(accounts, signedIn.session), csrfToken: signedIn.session.csrfToken };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const accounts = app.auth;

  app.post('/api/session', {
    config: { public: true },
    schema: {
      tags: ['accounts'],
      summary: 'Staff sign-in with username and password',
      description: 'Sets the HttpOnly session cookie and returns the CSRF token. Wrong answers count towards the account and workstation lockout.',
      body: StaffSignInBody,
      response: { 200: SignedIn, ...signInErrors },
    },
  }, async (request, reply) => startBrowserSession(accounts, request, reply, await signInStaff(accounts, request.body, request.ip)));

  app.post('/api/session/learner', {
    config: { public: true },
    schema: {
      tags: ['accounts'],
      summary: 'Learner sign-in with the person id from the grid and a 4-digit PIN',
      description: 'After 5 wrong PINs the account locks until a teacher unlocks it (POST /api/people/{id}/unlock) or 15 minutes pass.',
      body: LearnerSignInBody,
      response: { 200: SignedIn, ...signInErrors },
    },
  }, async (request, reply) => startBrowserSession(accounts, request, reply, await signInLearner(accounts, request.body, request.ip)));

  app.delete('/api/session', {
    config: { public: true },
    schema: {
      tags: ['accounts'],
      summary: 'Sign out this browser',
      description: 'Needs the x-csrf-token header when a session is open. Answers 204 even when nobody was signed in.',
      response: { 204: Type.Null({ description: 'Signed out' }), 403: ErrorResponse },
    },
  }, async (request, reply) => {
    if (request.session && !csrfValid(request, request.session)) throw new Errors.CSRF_INVALID();
    await accounts.sessions.end(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/me', {
    config: { capability: 'self.read' },
    schema: { tags: ['accounts'], summary: 'Who is signed in on this browser', response: { 200: Me, 401: ErrorResponse } },
  }, async (request) => describeSession(accounts, request.session!));

  app.get('/api/session/csrf', {
    config: { capability: 'self.read' },
    schema: {
      tags: ['accounts'],
      summary: "This session's CSRF token",
      description: 'Scripts sign in (POST /api/session), keep the cookie, and send this token in the x-csrf-token header on every POST, PATCH, PUT and DELETE.',
      response: { 200: CsrfToken, 401: ErrorResponse },
    },
  }, async (request) => ({ csrfToken: request.session!.csrfToken }));

  app.get('/api/session', {
    config: { public: true },
    schema: {
      tags: ['accounts'],
      summary: "This browser's session, or nulls when nobody is signed in",
      description: 'The app calls this on start. Scripts use GET /api/me, which answers 401 when not signed in.',
      response: { 200: SessionState },
    },
  }, async (request) =>
    request.session ? { user: describeSession(accounts, request.session), csrfToken: request.session.csrfToken } : { user: null, csrfToken: null },
  );

  app.get('/api/session/learners', {
    config: { public: true },
    schema: {
      tags: ['accounts'],
      summary: 'Learners who can sign in, for the sign-in grid on a workstation',
      response: { 200: PickerList },
    },
  }, async () => ({ learners: await learnersForPicker(accounts) }));
};

export default routes;
