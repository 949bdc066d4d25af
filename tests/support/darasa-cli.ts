// Runs the `darasa` operator command in its own process, as an operator would.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../server/config.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runDarasa(...args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'darasa.js'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}
