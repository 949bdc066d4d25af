// The push over a broken link, against the embedded central and — when
// COUCHDB_URL, COUCHDB_ADMIN_USER and COUCHDB_ADMIN_PASSWORD are set — a real
// Apache CouchDB 3 (skipped with the reason in its name otherwise): a cut in
// the middle resumes with bounded bytes sent again; documents central already
// holds (a USB import, an answer lost to a cut) are not sent again; a central
// database that lost its data gets everything again; priority order and
// progress hold with several batches on the link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startEmbeddedCentral, type EmbeddedCentral } from '../central/embedded.ts';
import { registerHub, type HubRegistration } from '../central/provision.ts';
import type { CentralAdmin } from '../central/couch-http.ts';
import { newHubId } from '../ids.ts';
import { PouchDB, type Database } from '../pouchdb.ts';
import { startLinkProxy, type LinkProxy } from '../../tests/support/link-proxy.ts';
import { makeTempDir, removeTempDirs } from '../../tests/support/temp-dir.ts';
import { makeLinkFetch, type FetchLike } from './link-fetch.ts';
import { pushToCentral } from './push.ts';

const couchUrl = process.env.COUCHDB_URL?.replace(/\/+$/, '');
const SKIP = couchUrl ? '' : ' [skipped: set COUCHDB_URL, COUCHDB_ADMIN_USER and COUCHDB_ADMIN_PASSWORD to run against Apache CouchDB 3]';

interface Central {
  admin: CentralAdmin;
  /** host:port for the link proxy. */
  host: string;
  close(): Promise<void>;
}

afterAll(removeTempDirs);

/** Events of realistic size (~350 bytes of JSON, random ids like the browser's). */
function events(hubId: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    _id: `event:${hubId}:${crypto.randomUUID()}`,
    type: 'event',
    createdAt: new Date(1_790_000_000_000 + i * 1000).toISOString(),
    personId: `person:${hubId}:0mgx${String(i % 21).padStart(12, '0')}`,
    verb: 'answered',
    object: { courseId: 'computer-basics-en', lessonId: 'cb-en-l02', activityId: `cb-en-l02-a${i % 5}` },
    result: { response: { choice: i % 3 }, correct: i % 2 === 0, score: i % 2 },
    at: new Date(1_790_000_000_000 + i * 1000).toISOString(),
    receivedAt: new Date(1_790_000_000_000 + i * 1000 + 80).toISOString(),
    workstation: `192.168.8.${101 + (i % 21)}`,
  }));
}

function pushContract(name: string, start: () => Promise<Central>) {
  describe(name, () => {
    let central: Central;
    const registered: HubRegistration[] = [];

    beforeAll(async () => {
      central = await start();
    }, 60_000);

    afterAll(async () => {
      // Leave a real CouchDB as it was: the hubs' databases and users go.
      if (couchUrl && central) {
        const { url, adminUser, adminPassword } = central.admin;
        const authorization = `Basic ${Buffer.from(`${adminUser}:${adminPassword}`).toString('base64')}`;
        for (const r of registered) {
          await fetch(`${url}/${r.database}`, { method: 'DELETE', headers: { authorization } });
          const user = `${url}/_users/org.couchdb.user:${r.username}`;
          const rev = ((await (await fetch(user, { headers: { authorization } })).json()) as { _rev?: string })._rev;
          if (rev) await fetch(`${user}?rev=${rev}`, { method: 'DELETE', headers: { authorization } });
        }
      }
      await central?.close();
    });

    async function hub(docs: (hubId: string) => object[]): Promise<{ local: Database; registration: HubRegistration; link: LinkProxy; target: { databaseUrl: string; username: string; password: string } }> {
      const hubId = newHubId();
      const local = new PouchDB<object>(path.join(await makeTempDir('darasa-push-resume-'), 'hub'), { adapter: 'leveldb' });
      await local.bulkDocs(docs(hubId) as never[]);
      const registration = await registerHub(central.admin, hubId);
      registered.push(registration);
      const link = await startLinkProxy({ target: central.host });
      return { local, registration, link, target: { databaseUrl: `${link.url}/${registration.database}`, username: registration.username, password: registration.password } };
    }

    async function centralDocs(database: string): Promise<Map<string, object>> {
      const { url, adminUser, adminPassword } = central.admin;
      const authorization = `Basic ${Buffer.from(`${adminUser}:${adminPassword}`).toString('base64')}`;
      const body = (await (await fetch(`${url}/${database}/_all_docs?include_docs=true`, { headers: { authorization } })).json()) as { rows: { id: string; doc: object }[] };
      return new Map(body.rows.filter((row) => !row.id.startsWith('_design/')).map((row) => [row.id, row.doc]));
    }

    /** Records the ids of every document sent in a `_bulk_docs` body, and those
     * bodies' bytes once gzipped (as link-fetch sends them). */
    function watching(fetchLink: FetchLike, sent: string[], bytes = { bulk: 0 }): FetchLike {
      return (input, init) => {
        if (String(input).endsWith('/_bulk_docs') && typeof init?.body === 'string') {
          sent.push(...(JSON.parse(init.body) as { docs: { _id: string }[] }).docs.map((d) => d._id));
          bytes.bulk += gzipSync(init.body).length;
        }
        return fetchLink(input, init);
      };
    }

    it('resumes after a cut mid-push: every document once, and what is sent again stays within the batches on the link', async () => {
      const batchBytes = 32 * 1024;
      const { local, registration, link, target } = await hub((hubId) => events(hubId, 2000));
      link.set({ bandwidthBytesPerSec: 150_000 });
      const cutting = setInterval(() => {
        if (link.bytes.up > 120_000) {
          link.cut();
          clearInterval(cutting);
        }
      }, 5);
      await expect(pushToCentral(local, target, { fetch: makeLinkFetch({ timeoutMs: 20_000 }), batchBytes })).rejects.toThrow();
      clearInterval(cutting);
      const before = await centralDocs(registration.database);
      expect(before.size).toBeGreaterThan(0);
      expect(before.size).toBeLessThan(2000);

      link.set({ bandwidthBytesPerSec: Infinity });
      const sent: string[] = [];
      const bytes = { bulk: 0 };
      const upBefore = link.bytes.up;
      const result = await pushToCentral(local, target, { fetch: watching(makeLinkFetch(), sent, bytes), batchBytes });
      const after = await centralDocs(registration.database);
      expect(after.size).toBe(2000);
      expect(result.written).toBe(sent.length);
      // Sent again: documents central already had. At most the batches that were on the
      // link when it broke (IN_FLIGHT = 3 batches of ~32 KB of JSON, ~90 documents each);
      // usually none, as the resumed run asks central first.
      const again = sent.filter((id) => before.has(id));
      expect(again.length).toBeLessThanOrEqual(3 * 100);
      // Bytes. The documents' batches: what was missing and what was sent again, each
      // gzipped whole here and in batches on the link (a little less tightly: x1.3).
      const gzipped = (ids: string[]) => gzipSync(JSON.stringify(ids.map((id) => after.get(id)))).length;
      const missingGzipped = gzipped([...after.keys()].filter((id) => !before.has(id)));
      expect(bytes.bulk).toBeLessThan((missingGzipped + gzipped(again)) * 1.3);
      // Everything else (headers, the checkpoint, and `_revs_diff` for the batches the
      // hub's checkpoint had not yet covered when the link broke, ~2.5 KB each) costs
      // less than the documents themselves.
      expect(link.bytes.up - upBefore).toBeLessThan(bytes.bulk * 2 + 10_000);
      await local.close();
      await link.close();
    }, 120_000);

    it('does not send again what central already holds (a USB import), nor anything on the next run', async () => {
      const { local, registration, link, target } = await hub((hubId) => events(hubId, 600));
      // Central receives the first 500 (in the hub's order) another way: no checkpoint on either side.
      const docs = ((await local.changes({ include_docs: true })).results as { doc?: object & { _id: string } }[]).map((row) => row.doc!);
      const { url, adminUser, adminPassword } = central.admin;
      const authorization = `Basic ${Buffer.from(`${adminUser}:${adminPassword}`).toString('base64')}`;
      const imported = await fetch(`${url}/${registration.database}/_bulk_docs`, {
        method: 'POST', headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ new_edits: false, docs: docs.slice(0, 500) }),
      });
      expect(imported.status).toBe(201);
      const sent: string[] = [];
      const result = await pushToCentral(local, target, { fetch: watching(makeLinkFetch(), sent), batchBytes: 32 * 1024 });
      expect(sent.sort()).toEqual(docs.slice(500).map((d) => d._id).sort());
      expect(result.written).toBe(100);
      expect((await centralDocs(registration.database)).size).toBe(600);

      const upBefore = link.bytes.up;
      const again = await pushToCentral(local, target, { fetch: makeLinkFetch() });
      expect(again.written).toBe(0);
      expect(link.bytes.up - upBefore).toBeLessThan(2000); // reads the checkpoint, nothing more
      await local.close();
      await link.close();
    }, 60_000);

    it('sends everything again to a central database that lost its data, as it stands on the hub', async () => {
      const { local, registration, link, target } = await hub((hubId) => [...events(hubId, 50), { _id: `class:${hubId}:c1`, type: 'class', name: 'Morning' }]);
      await pushToCentral(local, target, { fetch: makeLinkFetch() });
      const klass = await local.get(`class:${registration.hubId}:c1`);
      await local.put({ ...klass, name: 'Morning (renamed)' });
      // Central's database is recreated empty (restored from nothing).
      const { url, adminUser, adminPassword } = central.admin;
      const authorization = `Basic ${Buffer.from(`${adminUser}:${adminPassword}`).toString('base64')}`;
      await fetch(`${url}/${registration.database}`, { method: 'DELETE', headers: { authorization } });
      await registerHub(central.admin, registration.hubId).then((r) => {
        target.password = r.password;
        registered.push(r);
      });
      const result = await pushToCentral(local, target, { fetch: makeLinkFetch() });
      expect(result.written).toBe(51);
      const there = await centralDocs(registration.database);
      expect(there.size).toBe(51);
      expect(there.get(`class:${registration.hubId}:c1`)).toMatchObject({ name: 'Morning (renamed)', _rev: expect.stringMatching(/^2-/) });
      await local.close();
      await link.close();
    }, 60_000);

    it('keeps priority order and reports progress with several batches on the link', async () => {
      const { local, registration, link, target } = await hub((hubId) => [
        { _id: `course-draft:${hubId}:c1`, type: 'course-draft', title: 'Local course', body: 'x'.repeat(5000) },
        ...events(hubId, 400),
        { _id: `class:${hubId}:k1`, type: 'class', name: 'Morning' },
      ]);
      link.set({ latencyMs: 20 });
      const progress: number[] = [];
      const order: string[] = [];
      const fetchLink = watching(makeLinkFetch(), order);
      const result = await pushToCentral(local, target, { fetch: fetchLink, batchBytes: 16 * 1024, onProgress: (n) => progress.push(n) });
      expect(result.written).toBe(402);
      expect(order.at(-1)).toBe(`course-draft:${registration.hubId}:c1`); // second pass, last
      expect(order.indexOf(`class:${registration.hubId}:k1`)).toBeLessThan(order.length - 1);
      expect(progress.length).toBeGreaterThan(5);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
      expect(progress.at(-1)).toBe(402);
      await local.close();
      await link.close();
    }, 60_000);
  });
}

pushContract('pushing through the link to the embedded central', async () => {
  const admin = { adminUser: 'admin', adminPassword: 'central-admin-password' };
  const embedded: EmbeddedCentral = await startEmbeddedCentral({ dataDir: await makeTempDir(), ...admin, port: 0 });
  return { admin: { url: embedded.url, ...admin }, host: new URL(embedded.url).host, close: () => embedded.close() };
});

describe.skipIf(!couchUrl)(`on Apache CouchDB 3 at COUCHDB_URL${SKIP}`, () => {
  pushContract('pushing through the link to CouchDB 3', async () => ({
    admin: { url: couchUrl!, adminUser: process.env.COUCHDB_ADMIN_USER ?? 'admin', adminPassword: process.env.COUCHDB_ADMIN_PASSWORD ?? '' },
    host: new URL(couchUrl!).host,
    close: async () => undefined,
  }));
});
