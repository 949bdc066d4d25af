// What every test launcher of a server process shares (hub-process.ts,
// central-process.ts): wait until the process prints the line that says it is
// ready, or until it exits when a test expects a refusal — each bounded in time,
// with the process's output in the error when it does neither.
import type { ChildProcess } from 'node:child_process';

export interface ReadyProcess {
  /** The ready line's first capture group (e.g. the URL it printed). */
  captured: string;
  output: () => string;
  /** Sends a signal and waits for the process to exit; returns its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ProcessExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function waitUntilReady(child: ChildProcess, ready: RegExp, label: string, timeoutMs: number): Promise<ReadyProcess> {
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label} did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = () => {
      const match = ready.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({
        captured: match[1]!,
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
      reject(new Error(`${label} exited with code ${code} before starting:\n${out}`));
    });
  });
}

export function waitForExit(child: ChildProcess, label: string, timeoutMs: number): Promise<ProcessExit> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label} neither started nor failed within ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
