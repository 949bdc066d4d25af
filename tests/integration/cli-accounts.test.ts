// The console's account commands, run as an operator would: `darasa setup` on a
// headless hub, and `darasa reset-admin-password` when the password is lost.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/config.ts';
import { buildTestApp } from '../support/test-app.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { signIn } from '../support/auth.ts';

afterAll(removeTempDirs);

function darasa(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'darasa.js'), ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('darasa setup and reset-admin-password', () => {
  it('sets a hub up from the console, refuses a second setup, and resets a forgotten password', async () => {
    const dataDir = await makeTempDir();
    const setup = await darasa(['setup', '--hub-name', 'Truck 3', '--country', 'sn', '--language', 'fr', '--admin-username', 'chef', '--data-dir', dataDir], 'first-password\n');
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    expect(setup.stdout).toMatch(/Hub "Truck 3" is set up/);

    const again = await darasa(['setup', '--hub-name', 'Other', '--country', 'KE', '--data-dir', dataDir], 'whatever-password\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already set up/);

    const app = await buildTestApp({ dataDir });
    expect((await app.inject('/api/hub')).json()).toMatchObject({ name: 'Truck 3', defaultLanguage: 'fr', setupDone: true });
    const session = await signIn(app, 'chef', 'first-password');
    await app.close();

    const reset = await darasa(['reset-admin-password', '--username', 'chef', '--data-dir', dataDir], 'second-password\n');
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/New password set for "chef"/);

    const after = await buildTestApp({ dataDir });
    await expect(signIn(after, 'chef', 'first-password')).rejects.toThrow(/INVALID_CREDENTIALS/);
    await signIn(after, 'chef', 'second-password');
    expect((await after.inject({ url: '/api/me', headers: session.headers })).statusCode).toBe(401);
    await after.close();
  }, 120_000); // each darasa command starts tsx and opens the store

  it('refuses a short password and a bad country with one line, writing nothing', async () => {
    const dataDir = await makeTempDir();
    const short = await darasa(['setup', '--hub-name', 'T', '--country', 'KE', '--data-dir', dataDir], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/^darasa: admin.password/);
    const country = await darasa(['setup', '--hub-name', 'T', '--country', 'Kenya', '--data-dir', dataDir], 'long-enough-password\n');
    expect(country.code).toBe(1);
    expect(country.stderr).toMatch(/^darasa: country/);
    const app = await buildTestApp({ dataDir });
    expect((await app.inject('/api/hub')).json().setupDone).toBe(false);
    await app.close();
  }, 120_000); // each darasa command starts tsx and opens the store
});
