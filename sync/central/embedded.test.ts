// The embedded central in-process (what the sync tests use): it closes
// cleanly and comes back on the same data directory with its data, and the
// environment's admin password is the one that counts after a restart.
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { checkCentralOptions, CentralConfigError, startEmbeddedCentral } from './embedded.ts';
import { registerHub } from './provision.ts';
import { PouchDB } from '../pouchdb.ts';

afterAll(removeTempDirs);

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

describe('embedded central', () => {
  it('restarts on the same data directory with its hubs and data; the admin password follows the environment', async () => {
    const dataDir = await makeTempDir('darasa-central-');
    const first = await startEmbeddedCentral({ dataDir, adminUser: 'admin', adminPassword: 'first-password', port: 0 });
    const reg = await registerHub({ url: first.url, adminUser: 'admin', adminPassword: 'first-password' }, 'hub-restartab2');
    const put = await fetch(`${first.url}/${reg.database}/event:${reg.hubId}:e1`, {
      method: 'PUT',
      headers: { authorization: basic(reg.username, reg.password), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'event' }),
    });
    expect(put.status).toBe(201);
    await first.close();

    const second = await startEmbeddedCentral({ dataDir, adminUser: 'admin', adminPassword: 'second-password', port: 0 });
    try {
      const asHub = await fetch(`${second.url}/${reg.database}/event:${reg.hubId}:e1`, { headers: { authorization: basic(reg.username, reg.password) } });
      expect(asHub.status).toBe(200);
      const oldAdmin = await fetch(`${second.url}/_session`, { headers: { authorization: basic('admin', 'first-password') } });
      expect(oldAdmin.status).toBe(401);
      const newAdmin = await fetch(`${second.url}/_all_dbs`, { headers: { authorization: basic('admin', 'second-password') } });
      expect(await newAdmin.json()).toContain(reg.database);
    } finally {
      await second.close();
    }
  });

  it("leaves the process's own PouchDB alone: no express-pouchdb plugins on it, its databases not listed at central", async () => {
    const central = await startEmbeddedCentral({ dataDir: await makeTempDir('darasa-central-'), adminUser: 'admin', adminPassword: 'pw-isolation', port: 0 });
    try {
      const proto = PouchDB.prototype as unknown as Record<string, unknown>;
      expect(proto.useAsAuthenticationDB).toBeUndefined();
      expect(proto.installSecurityMethods).toBeUndefined();
      expect(proto.installValidationMethods).toBeUndefined();
      const hubDb = new PouchDB(`${await makeTempDir('darasa-hubdb-')}/hub-local`);
      await hubDb.info();
      await hubDb.close();
      const dbs = (await (await fetch(`${central.url}/_all_dbs`, { headers: { authorization: basic('admin', 'pw-isolation') } })).json()) as string[];
      expect(dbs.some((name) => name.includes('hub-local'))).toBe(false);
    } finally {
      await central.close();
    }
  });

  it('refuses options without an admin password, or with an odd admin name', () => {
    expect(() => checkCentralOptions({ dataDir: '/tmp/x', adminUser: 'admin', port: 0 })).toThrow(CentralConfigError);
    expect(() => checkCentralOptions({ dataDir: '/tmp/x', adminUser: 'admin', adminPassword: '', port: 0 })).toThrow(/CENTRAL_ADMIN_PASSWORD/);
    expect(() => checkCentralOptions({ dataDir: '/tmp/x', adminUser: 'a b', adminPassword: 'x', port: 0 })).toThrow(/CENTRAL_ADMIN_USER/);
  });
});
