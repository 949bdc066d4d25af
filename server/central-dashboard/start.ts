// Starts the central dashboard on a port, for `npm run central` (beside the
// embedded central) and `darasa central dashboard --couch URL` (beside a real
// CouchDB 3). Reads its settings from the environment here and nowhere else:
//   CENTRAL_DASHBOARD_PORT (5990; 0 picks a free one), CENTRAL_DASHBOARD_HOST (127.0.0.1),
//   CENTRAL_DASHBOARD_ADMIN + CENTRAL_DASHBOARD_ADMIN_PASSWORD (the first
//   administrator, created when central has no staff account yet),
//   CENTRAL_STALE_DAYS (7), CENTRAL_INDEX_WAIT_MS (10000), CENTRAL_SESSION_HOURS (1),
//   CLIENT_DIR (the built app; '' for the API alone), LOG_LEVEL (warn),
//   CENTRAL_LIBRARY_PUBLISH_MS (60000: how often approved courses are published).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CentralAdmin } from '../../sync/central/couch-http.ts';
import { DEFAULT_CLIENT_DIR, readVersion } from '../config.ts';
import { buildDashboard, DASHBOARD_DEFAULTS } from './app.ts';
import { startSubmissionPublisher } from '../library/publisher-loop.ts';

export class DashboardConfigError extends Error {}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new DashboardConfigError(`${name} must be a number from ${min} to ${max}, not "${raw}".`);
  return value;
}

export interface RunningDashboard {
  url: string;
  close(): Promise<void>;
}

export async function startDashboard(central: CentralAdmin, env: NodeJS.ProcessEnv = process.env, defaults: { port?: number } = {}): Promise<RunningDashboard> {
  const port = numberFrom(env, 'CENTRAL_DASHBOARD_PORT', defaults.port ?? 5990, 0, 65535);
  const host = env.CENTRAL_DASHBOARD_HOST || '127.0.0.1';
  const adminName = env.CENTRAL_DASHBOARD_ADMIN;
  const adminPassword = env.CENTRAL_DASHBOARD_ADMIN_PASSWORD;
  if (adminName && (!adminPassword || adminPassword.length < 10)) {
    throw new DashboardConfigError('CENTRAL_DASHBOARD_ADMIN is set: set CENTRAL_DASHBOARD_ADMIN_PASSWORD too (at least 10 characters).');
  }
  const clientDir = env.CLIENT_DIR === '' ? null : env.CLIENT_DIR ? path.resolve(env.CLIENT_DIR) : DEFAULT_CLIENT_DIR;
  const app = await buildDashboard({
    central,
    version: readVersion(),
    clientDir: clientDir && existsSync(path.join(clientDir, 'index.html')) ? clientDir : null,
    logLevel: env.LOG_LEVEL ?? 'warn',
    staleDays: numberFrom(env, 'CENTRAL_STALE_DAYS', DASHBOARD_DEFAULTS.staleDays, 1, 365),
    indexWaitMs: numberFrom(env, 'CENTRAL_INDEX_WAIT_MS', DASHBOARD_DEFAULTS.indexWaitMs, 1, 600_000),
    sessionHours: numberFrom(env, 'CENTRAL_SESSION_HOURS', DASHBOARD_DEFAULTS.sessionHours, 0.1, 12),
    firstAdministrator: adminName && adminPassword ? { username: adminName, password: adminPassword } : null,
  });
  const address = await app.listen({ port, host });
  // Issue 9: approved courses go from the hubs' submissions to the shared library (CENTRAL_LIBRARY_PUBLISH_MS, 60000).
  const publisher = startSubmissionPublisher(central, app.log, numberFrom(env, 'CENTRAL_LIBRARY_PUBLISH_MS', 60_000, 500, 86_400_000));
  return { url: `${address}/central/`, close: async () => { await publisher.stop(); await app.close(); } };
}
