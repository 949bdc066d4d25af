// `npx darasa sync-now` as an operator runs it, on a stopped hub's data directory.
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral, registerHub } from '../../sync/central/provision.ts';
import { buildTestApp } from '../support/test-app.ts';
import { setUpAndSignIn, injectAs } from '../support/auth.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { runDarasa } from '../support/darasa-cli.ts';

afterAll(removeTempDirs);

const darasa = runDarasa;

describe('darasa sync-now', () => {
  it('says how to connect when the hub is not connected', async () => {
    const dataDir = await makeTempDir();
    const app = await buildTestApp({ dataDir });
    await app.ready();
    await app.close();
    const result = await darasa('sync-now', '--data-dir', dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^darasa: this hub is not connected to central/);
  });

  it('pushes what waits and prints the result', async () => {
    const central = await startEmbeddedCentral({ dataDir: await makeTempDir(), adminUser: 'admin', adminPassword: 'central-admin-password', port: 0 });
    try {
      const admin = { url: central.url, adminUser: 'admin', adminPassword: 'central-admin-password' };
      await ensureCentral(admin);
      const dataDir = await makeTempDir();
      const app = await buildTestApp({ dataDir });
      const session = await setUpAndSignIn(app);
      const registration = await registerHub(admin, app.store.hubId);
      await injectAs(app, session, { method: 'PUT', url: '/api/sync/connection', payload: { pairingCode: registration.pairingCode } });
      await app.store.databases.hub.bulkDocs(Array.from({ length: 12 }, (_, i) => ({ _id: `event:${app.store.hubId}:e${i}`, type: 'event' })));
      await app.close();

      const result = await darasa('sync-now', '--data-dir', dataDir);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/last successful sync: \d{4}-/);
      expect(result.stdout).toMatch(/waiting: 0/);
    } finally {
      await central.close();
    }
  });
});
