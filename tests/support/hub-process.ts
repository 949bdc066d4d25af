// Starts a real hub process (`node --import tsx server/main.ts`) on a free port,
// for tests that need what only a process has: a port, file locks, signals,
// SIGKILL and restart. Resolves once the hub printed its address.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../server/config.ts';

export interface HubProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Sends a signal and waits for the process to exit; returns its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface HubExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

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

export function startHubProcess(env: Record<string, string> & { DATA_DIR: string }, timeoutMs = 30_000): Promise<HubProcess> {
  const child = spawnHub(env);
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = () => {
      const match = /Open on this machine: (http:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({
        url: match[1]!.replace('localhost', '127.0.0.1'),
        child,
        output: () => out,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with code ${code} before starting:\n${out}`));
    });
  });
}

/** Runs a hub that is expected to refuse to start; resolves with its exit and output. */
export function runHubExpectingFailure(env: Record<string, string> & { DATA_DIR: string }, timeoutMs = 30_000): Promise<HubExit> {
  const child = spawnHub(env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub neither started nor failed within ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
