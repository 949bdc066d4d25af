// The central dashboard's API:
//   POST   /api/central/session            sign in (public)        GET/DELETE  who am I / sign out
//   GET    /api/central/hubs               the fleet
//   GET    /api/central/hubs/:hubId        one hub (404 UNKNOWN_HUB)
//   POST   /api/central/hubs/:hubId/views  put its reporting views back (programme managers, administrators)
//   GET    /api/central/impact             figures for a range, grouped; &format=csv
//   GET    /api/central/trainers           teachers trained, observed, certified (issue 9); &format=csv
//   GET    /api/central/library            library courses and their use per hub (issue 9); &format=csv
//   GET    /api/central/staff, POST /api/central/staff, PATCH /api/central/staff/:username   (administrators)
//   GET    /api/central/staff-accounts, POST …/:username/disable   travelling teachers and trainers (roaming-staff-routes.ts)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CentralError, type CentralAdmin } from '../../sync/central/couch-http.ts';
import { ensureImpactViews } from '../../sync/central/impact-install.ts';
import { hubDatabase } from '../../sync/central/provision.ts';
import { Errors } from '../errors.ts';
import { STAFF_COOKIE } from './guard.ts';
import { listHubIds, readFleet, readHub } from './hubs.ts';
import { computeImpact, RowsCache } from './impact.ts';
import { computeLibrary, computeTrainers, libraryCsv, trainersCsv } from './trainers.ts';
import { StaffLockout } from './lockout.ts';
import { noteFleet, noteStatus, readHistory } from './sync-history.ts';
import { impactCsv, rangeProblem } from './impact-csv.ts';
import * as S from './schemas.ts';
import type { StaffSessions } from './sessions.ts';
import type { StaffStore } from './staff.ts';
import roamingStaffRoutes from './roaming-staff-routes.ts';

export interface DashboardRoutesOptions {
  central: CentralAdmin;
  staff: StaffStore;
  sessions: StaffSessions;
  staleDays: number;
  indexWaitMs: number;
  sessionHours: number;
}

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** Central's own failures become a 503 the person can act on (wait, check central). */
async function fromCentral<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CentralError) throw new Errors.CENTRAL_UNAVAILABLE(error.message);
    throw error;
  }
}

const routes: FastifyPluginAsyncTypebox<DashboardRoutesOptions> = async (app, options) => {
  const { central, staff, sessions } = options;
  const rowsCache = new RowsCache();
  const lockout = new StaffLockout();
  const tags = ['central'];
  const settings = () => ({ central, indexWaitMs: options.indexWaitMs, sessionHours: options.sessionHours, cache: rowsCache });
  await app.register(roamingStaffRoutes, { central });

  /** The range checked and the hubs chosen (all when none named; 404 for an unknown one). */
  const selection = async (query: { from: string; to: string; hubs?: string }) => {
    const problem = rangeProblem(query.from, query.to);
    if (problem) throw new Errors.IMPACT_RANGE_INVALID(problem);
    const all = await fromCentral(() => listHubIds(central));
    const chosen = query.hubs ? [...new Set(query.hubs.split(',').map((h) => h.trim()).filter(Boolean))] : all;
    const unknown = chosen.filter((id) => !all.includes(id));
    if (unknown.length) throw new Errors.UNKNOWN_HUB(unknown.join(', '));
    return chosen;
  };

  const knownHub = async (hubId: string) => {
    const ids = await fromCentral(() => listHubIds(central));
    if (!ids.includes(hubId)) throw new Errors.UNKNOWN_HUB(hubId);
    return ids;
  };

  app.post('/api/central/session', {
    config: { public: true },
    schema: {
      tags,
      summary: 'Sign in as central staff',
      description: 'After 10 wrong passwords in a row an account is locked for 15 minutes (423 CENTRAL_ACCOUNT_LOCKED); after 30 from one address within 15 minutes the address is (429 CENTRAL_TOO_MANY_ATTEMPTS). Both say the minutes left.',
      body: S.SignIn,
      response: { 200: S.SessionAnswer, 401: ErrorBody, 423: ErrorBody, 429: ErrorBody },
    },
  }, async (request, reply) => {
    const { username } = request.body;
    const address = lockout.addressState(request.ip);
    if (address.locked) throw new Errors.CENTRAL_TOO_MANY_ATTEMPTS(address.minutesLeft);
    const locked = lockout.accountState(username);
    if (locked.locked) throw new Errors.CENTRAL_ACCOUNT_LOCKED(locked.minutesLeft);
    const account = await fromCentral(() => staff.check(username, request.body.password));
    if (!account) {
      lockout.recordFailure(username, request.ip);
      const now = lockout.accountState(username);
      if (now.locked) throw new Errors.CENTRAL_ACCOUNT_LOCKED(now.minutesLeft);
      throw new Errors.INVALID_CREDENTIALS();
    }
    lockout.recordSuccess(username);
    sessions.end(request.cookies[STAFF_COOKIE]);
    const { token, session } = sessions.create(account.username, account.roles);
    reply.setCookie(STAFF_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' });
    return { user: { username: session.username, roles: session.roles }, csrfToken: session.csrfToken };
  });

  app.get('/api/central/session', {
    config: { centralCapability: 'central.read' },
    schema: { tags, summary: 'Who is signed in, and the CSRF token', response: { 200: S.SessionAnswer, 401: ErrorBody } },
  }, async (request) => ({ user: { username: request.staff!.username, roles: request.staff!.roles }, csrfToken: request.staff!.csrfToken }));

  app.delete('/api/central/session', {
    config: { public: true },
    schema: { tags, summary: 'Sign out', response: { 204: Type.Null() } },
  }, async (request, reply) => {
    sessions.end(request.cookies[STAFF_COOKIE]);
    reply.clearCookie(STAFF_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/central/hubs', {
    config: { centralCapability: 'central.read' },
    schema: { tags, summary: 'The fleet: every registered hub and its latest status', response: { 200: S.Fleet, ...errors } },
  }, async () => {
    const hubs = await fromCentral(() => readFleet(central, options.staleDays));
    await noteFleet(central, hubs);
    return { computedAt: new Date().toISOString(), staleDays: options.staleDays, hubs };
  });

  app.get('/api/central/hubs/:hubId', {
    config: { centralCapability: 'central.read' },
    schema: { tags, summary: 'One hub, its latest status and its sync history (newest first)', params: S.HubId, response: { 200: S.HubPage, ...errors } },
  }, async (request) => {
    await knownHub(request.params.hubId);
    const hub = await fromCentral(() => readHub(central, request.params.hubId, options.staleDays));
    await noteStatus(central, hub).catch(() => undefined);
    return { ...hub, history: await fromCentral(() => readHistory(central, hub.hubId)) };
  });

  app.post('/api/central/hubs/:hubId/views', {
    config: { centralCapability: 'central.views.rebuild' },
    schema: { tags, summary: "Install a hub's reporting views again (CouchDB then rebuilds their indexes)", params: S.HubId, response: { 200: Type.Object({ result: Type.String() }), ...errors } },
  }, async (request) => {
    await knownHub(request.params.hubId);
    return { result: await fromCentral(() => ensureImpactViews(central, hubDatabase(request.params.hubId))) };
  });

  app.get('/api/central/impact', {
    config: { centralCapability: 'central.read' },
    schema: {
      tags,
      summary: 'Impact figures for a date range, grouped by hub, country, course, month, gender or age band',
      description: 'Computed at request time from the views in each hub database. `format=csv` answers the same figures as CSV. Hubs whose views are still being built are listed with ready: false and left out (complete: false).',
      querystring: S.ImpactQuery,
      response: { 200: S.ImpactReport, ...errors },
    },
  }, async (request, reply) => {
    const { from, to, groupBy = 'hub', format } = request.query;
    const chosen = await selection(request.query);
    const report = await fromCentral(() => computeImpact(settings(), chosen, { from, to, groupBy }));
    if (format === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="darasa-impact-${from}-${to}-by-${groupBy}.csv"`)
        .send(impactCsv(report) as never);
    }
    return report;
  });

  app.get('/api/central/trainers', {
    config: { centralCapability: 'central.read' },
    schema: {
      tags,
      summary: 'Trainer figures for a date range: teachers trained, observed and certified (by level), grouped by hub, country or month',
      description: 'From the same views as the impact figures (`observation` and `certification` documents the hubs synced). `format=csv` answers the same figures as CSV, one column per certification level. Hubs still indexing are left out (complete: false).',
      querystring: S.TrainerQuery,
      response: { 200: S.TrainerReport, ...errors },
    },
  }, async (request, reply) => {
    const { from, to, groupBy = 'hub', format } = request.query;
    const chosen = await selection(request.query);
    const report = await fromCentral(() => computeTrainers(settings(), chosen, { from, to, groupBy }));
    if (format === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="darasa-trainers-${from}-${to}-by-${groupBy}.csv"`)
        .send(trainersCsv(report) as never);
    }
    return report;
  });

  app.get('/api/central/library', {
    config: { centralCapability: 'central.read' },
    schema: {
      tags,
      summary: "The shared library's courses and their use across trucks: learners and completions per course and hub in a date range",
      description: 'Courses are those of the `library-pack:` documents in `darasa-library`; use comes from each hub\'s views. `format=csv`: one row per course and hub, and a total row per course.',
      querystring: S.LibraryQuery,
      response: { 200: S.LibraryReport, ...errors },
    },
  }, async (request, reply) => {
    const { from, to, format } = request.query;
    const chosen = await selection(request.query);
    const report = await fromCentral(() => computeLibrary(settings(), chosen, { from, to }));
    if (format === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="darasa-library-${from}-${to}.csv"`)
        .send(libraryCsv(report) as never);
    }
    return report;
  });

  app.get('/api/central/staff', {
    config: { centralCapability: 'central.staff.manage' },
    schema: { tags, summary: 'Central staff accounts', response: { 200: Type.Array(S.StaffAccount), ...errors } },
  }, async () => fromCentral(() => staff.list()));

  app.post('/api/central/staff', {
    config: { centralCapability: 'central.staff.manage' },
    schema: { tags, summary: 'Create a central staff account', body: S.NewStaff, response: { 201: S.StaffAccount, 409: ErrorBody, ...errors } },
  }, async (request, reply) => {
    const created = await fromCentral(() => staff.create(request.body.username, request.body.password, request.body.roles));
    if (!created) throw new Errors.STAFF_EXISTS(request.body.username);
    return reply.status(201).send(created);
  });

  app.patch('/api/central/staff/:username', {
    config: { centralCapability: 'central.staff.manage' },
    schema: { tags, summary: 'Change roles, deactivate or set a new password', params: Type.Object({ username: S.Username }), body: S.StaffChange, response: { 200: S.StaffAccount, ...errors } },
  }, async (request) => {
    const updated = await fromCentral(() => staff.update(request.params.username, request.body));
    if (!updated) throw new Errors.UNKNOWN_STAFF(request.params.username);
    sessions.endAllFor(request.params.username);
    lockout.unlockAccount(request.params.username);
    return updated;
  });
};

export default routes;
