// Starts a real hub process (`node --import tsx server/main.ts`) on a free port,
// for tests that need what only a process has: a port, file locks, signals,
// SIGKILL and restart. Resolves once the hub printed its address.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../server/config.ts';
import { waitForExit, waitUntilReady, type ProcessExit } from './server-process.ts';

export interface HubProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Sends a signal and waits for the process to exit; returns its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export type HubExit = ProcessExit;

function spawnHub(env: Record<string, string>): ChildProcess {
  // HUB_ENTRY=dist/app/server/main.js runs the compiled hub (what `npm start` runs);
  // by default tests run the TypeScript sources through tsx, always current.
  const entry = path.resolve(REPO_ROOT, env.HUB_ENTRY ?? path.join('server', 'main.ts'));
  return spawn(process.execPath, entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function startHubProcess(env: Record<string, string> & { DATA_DIR: string }, timeoutMs = 30_000): Promise<HubProcess> {
  const child = spawnHub(env);
  const hub = await waitUntilReady(child, /Open on this machine: (http:\/\/\S+)/, 'hub', timeoutMs);
  return { url: hub.captured.replace('localhost', '127.0.0.1'), child, output: hub.output, stop: hub.stop };
}

/** Runs a hub that is expected to refuse to start; resolves with its exit and output. */
export function runHubExpectingFailure(env: Record<string, string> & { DATA_DIR: string }, timeoutMs = 30_000): Promise<HubExit> {
  return waitForExit(spawnHub(env), 'hub', timeoutMs);
}
