import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedCentral, type EmbeddedCentral } from '../central/embedded.ts';
import { PouchDB, type Database } from '../pouchdb.ts';
import { makeLinkFetch } from './link-fetch.ts';
import { pushToCentral, type CentralTarget } from './push.ts';

const ADMIN = { username: 'admin', password: 'test-admin-password' };
const HUB = 'hub-aaaaaaaaaa';
const dirs: string[] = [];
let central: EmbeddedCentral;

async function tempDir() {
  const dir = await mkdtemp(path.join(tmpdir(), 'darasa-push-'));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await tempDir(), adminUser: ADMIN.username, adminPassword: ADMIN.password, port: 0 });
});

afterAll(async () => {
  await central?.close();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const auth = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;

async function centralDatabase(name: string, validator?: string): Promise<CentralTarget> {
  await fetch(`${central.url}/${name}`, { method: 'PUT', headers: { authorization: auth } });
  if (validator) {
    await fetch(`${central.url}/${name}/_design/test`, { method: 'PUT', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ validate_doc_update: validator }) });
  }
  return { databaseUrl: `${central.url}/${name}`, ...ADMIN };
}

async function centralDocs(name: string): Promise<{ id: string }[]> {
  const response = await fetch(`${central.url}/${name}/_changes`, { headers: { authorization: auth } });
  return ((await response.json()) as { results: { id: string }[] }).results.filter((row) => !row.id.startsWith('_design/'));
}

async function hubDatabase(docs: object[]): Promise<Database> {
  const db = new PouchDB<object>(path.join(await tempDir(), 'hub'), { adapter: 'leveldb' });
  await db.bulkDocs(docs as never[]);
  return db;
}

const events = (n: number) => Array.from({ length: n }, (_, i) => ({ _id: `event:${HUB}:e${String(i).padStart(4, '0')}`, type: 'event', verb: 'answered' }));

describe('pushing the hub database to central', () => {
  it('sends every record, events and people before other kinds, and nothing twice', async () => {
    const target = await centralDatabase('darasa-push-all');
    const local = await hubDatabase([{ _id: `course:${HUB}:c1`, type: 'course', title: 'Local course' }, ...events(250), { _id: `person:${HUB}:p1`, type: 'person' }]);
    let sent = 0;
    const fetchLink = makeLinkFetch({ onBytes: (up) => (sent += up) });
    const first = await pushToCentral(local, target, { fetch: fetchLink, batchSize: 100 });
    expect(first.written).toBe(252);
    expect(first.denied).toEqual([]);
    const arrived = (await centralDocs('darasa-push-all')).map((row) => row.id);
    expect(arrived).toHaveLength(252);
    expect(arrived).toContain(`person:${HUB}:p1`); // pseudonymous: its names live in the local database
    expect(arrived.at(-1)).toBe(`course:${HUB}:c1`); // the course went in the second pass

    const bytesBefore = sent;
    const second = await pushToCentral(local, target, { fetch: fetchLink });
    expect(second.written).toBe(0);
    expect(sent - bytesBefore).toBeLessThan(4000); // checkpoints: a few small requests, no documents
    await local.close();
  });

  it('reports documents central refuses instead of losing them', async () => {
    const validator = "function (doc) { if (doc.type === 'forged') throw({ forbidden: 'documents of another hub are refused' }); }";
    const target = await centralDatabase('darasa-push-denied', validator);
    const local = await hubDatabase([...events(3), { _id: 'forged:hub-bbbbbbbbbb:x', type: 'forged' }]);
    const result = await pushToCentral(local, target, { fetch: makeLinkFetch() });
    expect(result.denied).toEqual([{ id: 'forged:hub-bbbbbbbbbb:x', reason: expect.stringMatching(/another hub/) }]);
    expect((await centralDocs('darasa-push-denied')).map((r) => r.id)).not.toContain('forged:hub-bbbbbbbbbb:x');
    // Still on the hub, to be shown to the administrator.
    expect(await local.get('forged:hub-bbbbbbbbbb:x')).toMatchObject({ type: 'forged' });
    await local.close();
  });

  it('fails fast when central does not answer, and resumes on the next run', async () => {
    const target = await centralDatabase('darasa-push-resume');
    const local = await hubDatabase(events(40));
    await expect(pushToCentral(local, { ...target, databaseUrl: 'http://127.0.0.1:9/darasa-push-resume' }, { fetch: makeLinkFetch({ timeoutMs: 500 }) })).rejects.toThrow();
    const result = await pushToCentral(local, target, { fetch: makeLinkFetch() });
    expect(result.written).toBe(40);
    await local.close();
  });
});
