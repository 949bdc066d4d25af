// Regression: the embedded central dropped every replicated update of a
// document it already had (pouchdb-validation replaced the history sent with
// the stored one, so the revision looked known), answering 201 all the same.
// A hub's settings edited after a first sync never reached central, and
// neither could a conflict nor the tombstone that resolves one.
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { startEmbeddedCentral } from './embedded.ts';
import { registerHub } from './provision.ts';
import { openRemoteDatabase, PouchDB } from '../pouchdb.ts';
import { makeLinkFetch } from '../replicator/link-fetch.ts';

afterAll(removeTempDirs);

const ADMIN = { adminUser: 'admin', adminPassword: 'revisions-admin-password' };

describe('embedded central keeps the revision history it is sent', () => {
  it('stores a replicated second revision and a divergent revision written with new_edits: false', async () => {
    const central = await startEmbeddedCentral({ dataDir: await makeTempDir('darasa-central-'), ...ADMIN, port: 0 });
    const local = new PouchDB<object>(`${await makeTempDir('darasa-hub-')}/hub`, { adapter: 'leveldb' });
    try {
      const reg = await registerHub({ url: central.url, ...ADMIN }, 'hub-revisions2');
      const remote = openRemoteDatabase(`${central.url}/${reg.database}`, { username: reg.username, password: reg.password, fetch: makeLinkFetch({ timeoutMs: 15_000 }) });
      const id = `hub:${reg.hubId}:settings`;
      const first = await local.put({ _id: id, type: 'hub', name: 'Truck 1' });
      await PouchDB.replicate(local, remote);
      await local.put({ _id: id, _rev: first.rev, type: 'hub', name: 'Truck 1, renamed' });
      await PouchDB.replicate(local, remote);
      expect(await remote.get(id)).toMatchObject({ name: 'Truck 1, renamed', _rev: expect.stringMatching(/^2-/) });

      // An administrator writes a sibling of the hub's second revision.
      const auth = `Basic ${Buffer.from(`${ADMIN.adminUser}:${ADMIN.adminPassword}`).toString('base64')}`;
      const sibling = { _id: id, _rev: `2-${'c'.repeat(32)}`, _revisions: { start: 2, ids: ['c'.repeat(32), first.rev.slice(2)] }, type: 'hub', name: 'Named at central' };
      const written = await fetch(`${central.url}/${reg.database}/_bulk_docs`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ new_edits: false, docs: [sibling] }) });
      expect(written.status).toBe(201);
      const leaves = (await remote.get(id, { open_revs: 'all' } as never)) as unknown as { ok: { name: string } }[];
      expect(leaves.map((leaf) => leaf.ok.name).sort()).toEqual(['Named at central', 'Truck 1, renamed']);
      await remote.close();
    } finally {
      await local.close();
      await central.close();
    }
  });
});
