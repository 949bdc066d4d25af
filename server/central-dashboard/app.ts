// Builds the central dashboard: a Fastify app of its own beside central
// CouchDB (embedded or a real CouchDB 3 cluster), reading central as its
// administrator. It reuses the hub's error handler, security headers, OpenAPI
// document, client serving and not-found plugins; its accounts, sessions and
// roles are central's own (staff.ts, sessions.ts, capabilities.ts).
import Fastify, { type FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CentralAdmin } from '../../sync/central/couch-http.ts';
import { PRODUCTION_KDF, type KdfParams } from '../auth/kdf.ts';
import errorHandler from '../plugins/error-handler.ts';
import securityHeaders from '../plugins/security-headers.ts';
import openapi from '../plugins/openapi.ts';
import client from '../plugins/client.ts';
import notFound from '../plugins/not-found.ts';
import { installCentralGuard } from './guard.ts';
import routes from './routes.ts';
import { StaffSessions } from './sessions.ts';
import { StaffStore } from './staff.ts';
import { readFleet } from './hubs.ts';
import { upgradeCentral } from '../../sync/central/upgrade.ts';
import { noteFleet } from './sync-history.ts';
import type { CentralRole } from './capabilities.ts';

export interface DashboardConfig {
  central: CentralAdmin;
  version: string;
  clientDir: string | null;
  logLevel: string;
  kdf?: KdfParams;
  /** Hubs not heard from for longer stand out on the fleet page. */
  staleDays: number;
  /** How long one view query may take before its hub shows as "indexing". */
  indexWaitMs: number;
  /** Hours each attended class session counts for. */
  sessionHours: number;
  /** How often the dashboard notes new hub statuses into the sync history (0: only when read). */
  historyPollMs?: number;
  /** Created at start when central has no staff account yet. */
  firstAdministrator?: { username: string; password: string } | null;
}

export const DASHBOARD_DEFAULTS = { staleDays: 7, indexWaitMs: 10_000, sessionHours: 1 } as const;

export async function buildDashboard(config: DashboardConfig): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: config.logLevel }, bodyLimit: 64 * 1024, forceCloseConnections: 'idle' }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(errorHandler);
  await app.register(securityHeaders);
  await app.register(cookie);
  await app.register(openapi, { version: config.version });

  const staff = new StaffStore(config.central, config.kdf ?? PRODUCTION_KDF);
  await staff.ensure();
  if (config.firstAdministrator && (await staff.count()) === 0) {
    const roles: CentralRole[] = ['administrator'];
    await staff.create(config.firstAdministrator.username, config.firstAdministrator.password, roles);
    app.log.info({ username: config.firstAdministrator.username }, 'created the first central administrator');
  }
  // Every hub database is brought up to this release at start (sync/central/upgrade.ts):
  // the validator (new record types) and the reporting views, versioned by their
  // text, so CouchDB starts building new indexes before anyone asks.
  const upgraded = await upgradeCentral(config.central).catch((error: Error) => {
    app.log.warn({ error: error.message }, 'hub databases not upgraded at start');
    return [];
  });
  const changed = upgraded.filter((u) => u.validator !== 'unchanged' || u.views !== 'unchanged');
  if (changed.length) app.log.info({ hubs: Object.fromEntries(changed.map((u) => [u.hubId, `validator ${u.validator}, views ${u.views}`])) }, 'hub databases upgraded');
  const sessions = new StaffSessions(8 * 3_600_000);
  installCentralGuard(app, sessions);

  if (config.clientDir) await app.register(client, { clientDir: config.clientDir });
  await app.register(notFound);
  await app.register(routes, {
    central: config.central,
    staff,
    sessions,
    staleDays: config.staleDays,
    indexWaitMs: config.indexWaitMs,
    sessionHours: config.sessionHours,
  });
  const pollMs = config.historyPollMs ?? 60_000;
  if (pollMs > 0) {
    const timer = setInterval(() => {
      readFleet(config.central, config.staleDays).then((fleet) => noteFleet(config.central, fleet)).catch((error: Error) => app.log.warn({ err: error }, 'sync history: central not readable'));
    }, pollMs);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
  return app;
}
