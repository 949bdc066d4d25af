// The central dashboard's API:
//   POST   /api/central/session            sign in (public)        GET/DELETE  who am I / sign out
//   GET    /api/central/hubs               the fleet
//   GET    /api/central/hubs/:hubId        one hub (404 UNKNOWN_HUB)
//   POST   /api/central/hubs/:hubId/views  put its reporting views back (programme managers, administrators)
//   GET    /api/central/impact             figures for a range, grouped; &format=csv
//   GET    /api/central/staff, POST /api/central/staff, PATCH /api/central/staff/:username   (administrators)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CentralError, type CentralAdmin } from '../../sync/central/couch-http.ts';
import { ensureImpactViews } from '../../sync/central/impact-install.ts';
import { hubDatabase } from '../../sync/central/provision.ts';
import { Errors } from '../errors.ts';
import { STAFF_COOKIE } from './guard.ts';
import { listHubIds, readFleet, readHub } from './hubs.ts';
import { computeImpact, RowsCache } from './impact.ts';
import { noteFleet, noteStatus, readHistory } from './sync-history.ts';
import { impactCsv, rangeProblem } from './impact-csv.ts';
import * as S from './schemas.ts';
import type { StaffSessions } from './sessions.ts';
import type { StaffStore } from './staff.ts';

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
  const tags = ['central'];

  const knownHub = async (hubId: string) => {
    const ids = await fromCentral(() => listHubIds(central));
    if (!ids.includes(hubId)) throw new Errors.UNKNOWN_HUB(hubId);
    return ids;
  };

  app.post('/api/central/session', {
    config: { public: true },
    schema: { tags, summary: 'Sign in as central staff', body: S.SignIn, response: { 200: S.SessionAnswer, 401: ErrorBody } },
  }, async (request, reply) => {
    const account = await fromCentral(() => staff.check(request.body.username, request.body.password));
    if (!account) throw new Errors.INVALID_CREDENTIALS();
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
    const { from, to, groupBy = 'hub', hubs, format } = request.query;
    const problem = rangeProblem(from, to);
    if (problem) throw new Errors.IMPACT_RANGE_INVALID(problem);
    const all = await fromCentral(() => listHubIds(central));
    const chosen = hubs ? [...new Set(hubs.split(',').map((h) => h.trim()).filter(Boolean))] : all;
    const unknown = chosen.filter((id) => !all.includes(id));
    if (unknown.length) throw new Errors.UNKNOWN_HUB(unknown.join(', '));
    const report = await fromCentral(() => computeImpact({ central, indexWaitMs: options.indexWaitMs, sessionHours: options.sessionHours, cache: rowsCache }, chosen, { from, to, groupBy }));
    if (format === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="darasa-impact-${from}-${to}-by-${groupBy}.csv"`)
        .send(impactCsv(report) as never);
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
    return updated;
  });
};

export default routes;
