// Starts the embedded central (`node --import tsx scripts/central.ts`, what
// `npm run central` runs) as a real process on a free port, like hub-process.ts
// does for the hub: tests that kill, restart or cut the link to central need a
// process of their own. Resolves once it printed its URL.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../server/config.ts';
import { waitForExit, waitUntilReady, type ProcessExit } from './server-process.ts';

export interface CentralProcess {
  url: string;
  port: number;
  adminUser: string;
  adminPassword: string;
  /** Central's URL with the admin's credentials, for sync/central/provision.ts. */
  admin: { url: string; adminUser: string; adminPassword: string };
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface CentralEnv {
  CENTRAL_DATA_DIR: string;
  CENTRAL_PORT?: string;
  CENTRAL_ADMIN_USER?: string;
  CENTRAL_ADMIN_PASSWORD?: string;
}

export const TEST_CENTRAL_ADMIN = { user: 'admin', password: 'central-test-password' };

function spawnCentral(env: Record<string, string>): ChildProcess {
  const clean = { ...process.env };
  // The caller's environment must not leak an admin password into a test that
  // checks the refusal to start without one.
  delete clean.CENTRAL_ADMIN_USER;
  delete clean.CENTRAL_ADMIN_PASSWORD;
  return spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts', 'central.ts')], {
    cwd: REPO_ROOT,
    env: { ...clean, CENTRAL_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function startCentralProcess(env: CentralEnv, timeoutMs = 30_000): Promise<CentralProcess> {
  const adminUser = env.CENTRAL_ADMIN_USER ?? TEST_CENTRAL_ADMIN.user;
  const adminPassword = env.CENTRAL_ADMIN_PASSWORD ?? TEST_CENTRAL_ADMIN.password;
  const child = spawnCentral({ ...env, CENTRAL_ADMIN_USER: adminUser, CENTRAL_ADMIN_PASSWORD: adminPassword } as Record<string, string>);
  const central = await waitUntilReady(child, /listening on (http:\/\/\S+)/, 'central', timeoutMs);
  const url = central.captured;
  return {
    url,
    port: Number(new URL(url).port),
    adminUser,
    adminPassword,
    admin: { url, adminUser, adminPassword },
    child,
    output: central.output,
    stop: central.stop,
  };
}

/** Runs a central expected to refuse to start; resolves with its exit code and output. */
export function runCentralExpectingFailure(env: Record<string, string>, timeoutMs = 30_000): Promise<ProcessExit> {
  return waitForExit(spawnCentral(env), 'central', timeoutMs);
}
