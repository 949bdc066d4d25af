// The embedded central (`npm run central`) as a real process: how it starts and
// refuses to, and the central contract (central-contract.ts) checked against it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../server/config.ts';
import { parsePairingCode } from '../../sync/central/pairing.ts';
import { centralStatus } from '../../sync/central/provision.ts';
import { startLinkProxy } from '../support/link-proxy.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { runCentralExpectingFailure, startCentralProcess, type CentralProcess } from '../support/central-process.ts';
import { call, centralContract } from './central-contract.ts';

let central: CentralProcess;

beforeAll(async () => {
  central = await startCentralProcess({ CENTRAL_DATA_DIR: await makeTempDir('darasa-central-') });
});

afterAll(async () => {
  await central?.stop();
  await removeTempDirs();
});

describe('embedded central process', () => {
  it('starts on a free loopback port with its data in CENTRAL_DATA_DIR and admin party off', async () => {
    expect(central.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const root = await call(central.url, 'GET', null);
    expect(root.body['express-pouchdb']).toBe('Welcome!');
    const anonymous = await call(`${central.url}/_session`, 'GET', null);
    expect(anonymous.body.userCtx).toEqual({ name: null, roles: [] });
    const wrong = await call(`${central.url}/_session`, 'GET', `Basic ${Buffer.from('admin:wrong').toString('base64')}`);
    expect(wrong.status).toBe(401);
    const session = await call(`${central.url}/_session`, 'GET', `Basic ${Buffer.from(`${central.adminUser}:${central.adminPassword}`).toString('base64')}`);
    expect(session.body.userCtx.roles).toContain('_admin');
  });

  it('refuses to start without an admin password, in one line saying how to set it', async () => {
    const result = await runCentralExpectingFailure({ CENTRAL_DATA_DIR: await makeTempDir('darasa-central-'), CENTRAL_PORT: '0' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^central: no admin password: set CENTRAL_ADMIN_PASSWORD/);
    expect(result.stdout).toBe('');
  });

  // express-pouchdb 4.2 throws an uncaught TypeError on this request (embedded.ts, guardDatabaseCreation).
  it('refuses database creation by a non-admin without crashing', async () => {
    const refused = await call(`${central.url}/made-by-anyone`, 'PUT', null);
    expect(refused.status).toBe(401);
    expect((await call(central.url, 'GET', null)).status).toBe(200);
    expect(central.child.exitCode).toBeNull();
  });

  it('`darasa central register-hub` prints the credentials and a pairing code, and says when it rotates a password', () => {
    const run = () =>
      spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'darasa.js'), 'central', 'register-hub', 'hub-clicliclic', '--central', central.url], {
        cwd: REPO_ROOT,
        env: { ...process.env, CENTRAL_ADMIN_USER: central.adminUser, CENTRAL_ADMIN_PASSWORD: central.adminPassword },
        encoding: 'utf8',
      });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Registered hub hub-clicliclic');
    expect(first.stdout).toContain('username:  darasa-hub-clicliclic');
    expect(first.stdout).toMatch(/SECRET/);
    const code = /(darasa1\.\S+)/.exec(first.stdout)![1]!;
    const pairing = parsePairingCode(code);
    expect(pairing).toMatchObject({ centralUrl: central.url, hubId: 'hub-clicliclic', username: 'darasa-hub-clicliclic' });
    expect(first.stdout).toContain(`password:  ${pairing.password}`);

    const second = run();
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/already registered: its password has been ROTATED/);
    expect(parsePairingCode(/(darasa1\.\S+)/.exec(second.stdout)![1]!).password).not.toBe(pairing.password);
  });

  it('`darasa central status` reports the server and its hubs; `register-hub --json` is machine-readable', () => {
    const env = { ...process.env, CENTRAL_ADMIN_USER: central.adminUser, CENTRAL_ADMIN_PASSWORD: central.adminPassword };
    const cli = (args: string[]) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'darasa.js'), 'central', ...args], { cwd: REPO_ROOT, env, encoding: 'utf8' });
    const json = cli(['register-hub', 'hub-jsonjsonjs', '--central', central.url, '--public-url', 'https://central.example.org:6984/', '--json']);
    expect(json.status, json.stderr).toBe(0);
    const registration = JSON.parse(json.stdout);
    expect(registration).toMatchObject({ hubId: 'hub-jsonjsonjs', database: 'darasa-hub-jsonjsonjs', centralUrl: 'https://central.example.org:6984', rotated: false });
    expect(parsePairingCode(registration.pairingCode).centralUrl).toBe('https://central.example.org:6984');
    const status = cli(['status', '--central', central.url]);
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/express-pouchdb 4\.2\.0 \(embedded\), \d+ databases, \d+ hubs registered/);
  });

  it('`darasa central register-hub` without an administrator, or with a bad hub id, fails in one line', () => {
    const env = { ...process.env };
    delete env.CENTRAL_ADMIN_USER;
    delete env.CENTRAL_ADMIN_PASSWORD;
    const cli = (args: string[], extra: Record<string, string> = {}) =>
      spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'darasa.js'), 'central', ...args], { cwd: REPO_ROOT, env: { ...env, ...extra }, encoding: 'utf8' });
    const noAdmin = cli(['register-hub', 'hub-abcdefgh23', '--central', central.url]);
    expect(noAdmin.status).toBe(1);
    expect(noAdmin.stderr.trim()).toMatch(/^darasa: central's administrator is needed: set CENTRAL_ADMIN_USER and CENTRAL_ADMIN_PASSWORD/);
    const badId = cli(['register-hub', 'HUB-1', '--central', central.url, '--admin-user', central.adminUser, '--admin-password', central.adminPassword]);
    expect(badId.status).toBe(1);
    expect(badId.stderr.trim()).toMatch(/^darasa: "HUB-1" is not a hub id/);
    const wrongPassword = cli(['status', '--central', central.url], { CENTRAL_ADMIN_USER: central.adminUser, CENTRAL_ADMIN_PASSWORD: 'not-it' });
    expect(wrongPassword.status).toBe(1);
    expect(wrongPassword.stderr.trim()).toMatch(/refused the administrator's name or password/);
  });
});

describe('provisioning over a bad link', () => {
  it('gives up on a stalled link after its timeout, in plain words, and works once the link is back', async () => {
    const proxy = await startLinkProxy({ target: `127.0.0.1:${central.port}`, latencyMs: 50 });
    try {
      const admin = { ...central.admin, url: proxy.url, timeoutMs: 500 };
      proxy.stall(true);
      const stalled = await centralStatus(admin);
      expect(stalled).toMatchObject({ reachable: false, version: null });
      expect(stalled.error).toMatch(/did not answer within 0.5 s/);
      proxy.stall(false);
      proxy.cut(); // drop the stalled connection, as the hub's next attempt would open a new one
      const back = await centralStatus({ ...admin, timeoutMs: 5_000 });
      expect(back.reachable).toBe(true);
      expect(proxy.bytes.down).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  });
});

describe('central contract on the embedded central', () => {
  centralContract(() => ({ admin: central.admin, url: central.url, embedded: true }), true);
});
