import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedCentral, type EmbeddedCentral } from '../central/embedded.ts';
import { couchRequest } from '../central/couch-http.ts';
import { ensureCentral, registerHub } from '../central/provision.ts';
import { PouchDB, type Database } from '../pouchdb.ts';
import { exportHubRecords } from './export-hub-records.ts';
import { importHubRecords } from './import-hub-records.ts';
import { openTransferFile } from './read-transfer.ts';
import { writeTransferFile } from './write-transfer.ts';
import { TransferFileError, type TransferDoc } from './format.ts';
import { pushToCentral, type CentralTarget } from '../replicator/push.ts';
import { makeLinkFetch } from '../replicator/link-fetch.ts';

/** The online push, with every request it makes noted. */
async function pushCounting(db: Database, target: CentralTarget) {
  const requests: string[] = [];
  const link = makeLinkFetch({ timeoutMs: 30_000 });
  const result = await pushToCentral(db, target, {
    fetch: (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input instanceof Request ? input.url : input)).pathname}`);
      return link(input, init);
    },
  });
  return { result, requests };
}

const ADMIN = { adminUser: 'admin', adminPassword: 'test-admin-password' };
const dirs: string[] = [];
let central: EmbeddedCentral;
let admin: { url: string; adminUser: string; adminPassword: string };

async function tempDir() {
  const dir = await mkdtemp(path.join(tmpdir(), 'darasa-usb-'));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await tempDir(), ...ADMIN, port: 0 });
  admin = { url: central.url, ...ADMIN };
  await ensureCentral(admin);
});

afterAll(async () => {
  await central?.close();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

let hubCount = 0;
async function newHub(): Promise<{ hubId: string; db: Database; target: CentralTarget }> {
  hubCount += 1;
  const letter = 'abcdefghijklmnopqrstuvwxyz'[hubCount]!;
  const hubId = `hub-usbtest${letter.repeat(3)}`;
  const registration = await registerHub(admin, hubId);
  const db = new PouchDB<object>(path.join(await tempDir(), 'hub'), { adapter: 'leveldb' });
  return { hubId, db, target: { databaseUrl: `${central.url}/${registration.database}`, username: registration.username, password: registration.password } };
}

async function seed(db: Database, hubId: string, events: number) {
  await db.bulkDocs([
    ...Array.from({ length: events }, (_, i) => ({ _id: `event:${hubId}:e${String(i).padStart(4, '0')}`, type: 'event', verb: 'answered', at: new Date(0).toISOString() })),
    { _id: `hub:${hubId}:settings`, type: 'hub', name: 'Truck' },
    { _id: `person:${hubId}:p1`, type: 'person', roles: ['learner'], ageBand: '10-14' }, // pseudonymous: travels
    { _id: '_design/local', views: {} },
  ] as never[]);
  // A document edited twice: central must get revision 3 with its history.
  const settings = await db.get(`hub:${hubId}:settings`);
  const r2 = await db.put({ ...settings, name: 'Truck 2' });
  await db.put({ ...settings, _rev: r2.rev, name: 'Truck 3' });
}

async function centralDoc(hubId: string, id: string) {
  return couchRequest<{ _rev?: string; _revisions?: { start: number; ids: string[] } }>(admin, 'GET', `/darasa-${hubId}/${encodeURIComponent(id)}?revs=true`);
}

async function updateSeq(hubId: string) {
  return (await couchRequest<{ update_seq: unknown; doc_count: number }>(admin, 'GET', `/darasa-${hubId}`)).body;
}

describe('USB transfer of a hub’s records', () => {
  it('carries every travelling document to central once, with the hub’s revisions', async () => {
    const { hubId, db } = await newHub();
    await seed(db, hubId, 30);
    const file = path.join(await tempDir(), 'export.zip');
    const written = await exportHubRecords(db, { hubId, since: 0 }, file);
    expect(written.manifest).toMatchObject({ kind: 'hub-records', hubId, documents: 32, byKind: { event: 30, hub: 1, person: 1 }, fromSeq: 0 });
    expect(written.fileBytes).toBe((await stat(file)).size);

    const result = await importHubRecords(admin, file);
    expect(result).toMatchObject({ hubId, added: 32, alreadyThere: 0, refused: [], checkpointCarried: true });
    const local = await db.get(`hub:${hubId}:settings`, { revs: true });
    const remote = await centralDoc(hubId, `hub:${hubId}:settings`);
    expect(remote.body._rev).toBe(local._rev);
    expect(remote.body._rev).toMatch(/^3-/);
    expect(remote.body._revisions).toEqual(local._revisions);
    expect((await centralDoc(hubId, `person:${hubId}:p1`)).status).toBe(200);
    expect((await centralDoc(hubId, '_design/local')).status).toBe(404);
    expect((await updateSeq(hubId)).doc_count).toBe(34); // 32 and central's two design documents (_design/darasa, _design/impact)

    const again = await importHubRecords(admin, file);
    expect(again).toMatchObject({ added: 0, alreadyThere: 32, refused: [] });
    await db.close();
  });

  it('exports only what changed after the given sequence, deletions included', async () => {
    const { hubId, db } = await newHub();
    await seed(db, hubId, 5);
    const seq = (await db.info()).update_seq;
    const settings = await db.get(`hub:${hubId}:settings`);
    await db.remove(settings);
    await db.put({ _id: `event:${hubId}:late`, type: 'event' });
    const file = path.join(await tempDir(), 'later.zip');
    const written = await exportHubRecords(db, { hubId, since: seq }, file);
    expect(written.manifest).toMatchObject({ documents: 2, fromSeq: seq, byKind: { event: 1, hub: 1 } });
    const docs: TransferDoc[] = [];
    for await (const batch of (await openTransferFile(file, 'hub-records')).batches(10)) docs.push(...batch);
    expect(docs.find((doc) => doc._id === `hub:${hubId}:settings`)?._deleted).toBe(true);
    await db.close();
  });

  it('refuses a truncated or corrupted file and changes nothing at central', async () => {
    const { hubId, db } = await newHub();
    await seed(db, hubId, 200);
    const file = path.join(await tempDir(), 'export.zip');
    const { fileBytes } = await exportHubRecords(db, { hubId, since: 0 }, file);
    const before = await updateSeq(hubId);

    const cut = path.join(path.dirname(file), 'cut.zip');
    await writeFile(cut, new Uint8Array(await readFile(file)));
    await truncate(cut, Math.floor(fileBytes / 2));
    await expect(importHubRecords(admin, cut)).rejects.toThrow(/cut\.zip is damaged or incomplete .*nothing was imported/);

    const flipped = path.join(path.dirname(file), 'flipped.zip');
    const bytes = new Uint8Array(await readFile(file));
    bytes[200] = bytes[200]! ^ 0xff; // inside the deflated records
    await writeFile(flipped, bytes);
    await expect(importHubRecords(admin, flipped)).rejects.toThrow(TransferFileError);

    expect(await updateSeq(hubId)).toEqual(before);
    await db.close();
  });

  it('refuses a file that is not a transfer, or of another kind', async () => {
    const dir = await tempDir();
    const text = path.join(dir, 'notes.txt');
    await writeFile(text, 'hello');
    await expect(importHubRecords(admin, text)).rejects.toThrow(/notes\.txt is damaged or incomplete/);
    const library = path.join(dir, 'library.zip');
    await writeTransferFile(library, { kind: 'library', hubId: null, fromSeq: 0 }, (async function* () {})(), () => 0);
    await expect(importHubRecords(admin, library)).rejects.toThrow(/is not a Darasa USB transfer file \(it holds library, not hub-records\)/);
    await expect(importHubRecords(admin, path.join(dir, 'missing.zip'))).rejects.toThrow(/cannot be read \(ENOENT\)/);
  });

  it('lets only a staff account lack a revision (a hub sends a new one so); any other line without _rev is refused whole', async () => {
    const dir = await tempDir();
    const file = (name: string, docs: object[]) => {
      const target = path.join(dir, name);
      return writeTransferFile(target, { kind: 'hub-records', hubId: 'hub-usbtestzzz', fromSeq: 0 }, (async function* () {
        yield* docs as TransferDoc[];
      })(), () => 0).then(() => target);
    };
    const staff = await file('staff.zip', [{ _id: 'staff-account:neema', type: 'staff-account', username: 'neema' }]);
    expect((await openTransferFile(staff, 'hub-records')).manifest.byKind).toEqual({ 'staff-account': 1 });
    const event = await file('event.zip', [{ _id: 'event:hub-usbtestzzz:e1', type: 'event' }]);
    await expect(openTransferFile(event, 'hub-records')).rejects.toThrow(/line 1 is not a document with _id and _rev/);
  });

  it('refuses and lists documents that claim another hub, and imports the rest', async () => {
    const { hubId, db } = await newHub();
    const other = (await newHub()).hubId;
    await db.bulkDocs([{ _id: `event:${hubId}:mine`, type: 'event' }, { _id: `event:${other}:theirs`, type: 'event' }, { _id: `course:${hubId}:c`, type: 'course' }] as never[]);
    const file = path.join(await tempDir(), 'forged.zip');
    await exportHubRecords(db, { hubId, since: 0 }, file);
    const result = await importHubRecords(admin, file);
    expect(result.added).toBe(1);
    expect(result.refused).toEqual([
      { id: `event:${other}:theirs`, reason: `document event:${other}:theirs does not belong to hub ${hubId}` },
      { id: `course:${hubId}:c`, reason: `hubs may not write documents of type "course" (course:${hubId}:c)` },
    ]);
    expect((await centralDoc(other, `event:${other}:theirs`)).status).toBe(404);
    expect((await centralDoc(hubId, `event:${other}:theirs`)).status).toBe(404);
    await db.close();
  });

  it('says a hub is not registered, and imports nothing', async () => {
    const db = new PouchDB<object>(path.join(await tempDir(), 'hub'), { adapter: 'leveldb' });
    await db.put({ _id: 'event:hub-notregistr:e1', type: 'event' });
    const file = path.join(await tempDir(), 'unknown.zip');
    await exportHubRecords(db, { hubId: 'hub-notregistr', since: 0 }, file);
    await expect(importHubRecords(admin, file)).rejects.toThrow(/hub hub-notregistr is not registered at central .*register-hub hub-notregistr/);
    await db.close();
  });

  it('lets the next online sync start after an imported file: nothing written, nothing asked', async () => {
    const { hubId, db, target } = await newHub();
    await seed(db, hubId, 40);
    const file = path.join(await tempDir(), 'export.zip');
    expect((await exportHubRecords(db, { hubId, since: 0 }, file)).checkpointNoted).toBe(true);
    expect((await importHubRecords(admin, file)).checkpointCarried).toBe(true);
    const { result, requests } = await pushCounting(db, target);
    expect(result.written).toBe(0);
    expect(requests.filter((r) => /_bulk_docs|_revs_diff/.test(r))).toEqual([]);
    // Records made after the export still go, and only they.
    await db.put({ _id: `event:${hubId}:after`, type: 'event' });
    expect((await pushCounting(db, target)).result.written).toBe(1);
    await db.close();
  });

  it('falls back to the last online sync when the file never reached central', async () => {
    const { hubId, db, target } = await newHub();
    await seed(db, hubId, 10);
    expect((await pushCounting(db, target)).result.written).toBe(12);
    await db.put({ _id: `event:${hubId}:lost`, type: 'event' });
    const seq = Number((await db.info()).update_seq);
    await exportHubRecords(db, { hubId, since: seq - 1 }, path.join(await tempDir(), 'lost.zip')); // never imported
    await db.put({ _id: `event:${hubId}:later`, type: 'event' });
    const { result } = await pushCounting(db, target);
    expect(result.written).toBe(2);
    expect((await centralDoc(hubId, `event:${hubId}:lost`)).status).toBe(200);
    await db.close();
  });

  it('does not carry the checkpoint when central cannot vouch for the file’s start, or refused a record', async () => {
    const { hubId, db, target } = await newHub();
    await seed(db, hubId, 5);
    await db.put({ _id: `event:${hubId}:x`, type: 'event' });
    const file = path.join(await tempDir(), 'from-later.zip');
    // Starts at a sequence central never confirmed (say its database was restored from an old backup).
    await exportHubRecords(db, { hubId, since: 3 }, file);
    expect((await importHubRecords(admin, file)).checkpointCarried).toBe(false);
    const { result } = await pushCounting(db, target);
    expect((await centralDoc(hubId, `event:${hubId}:e0000`)).status).toBe(200); // the push filled the gap
    expect(result.written).toBeGreaterThan(0);

    await db.put({ _id: `person:${hubId}:named`, type: 'person', givenName: 'Amina' });
    const withName = path.join(await tempDir(), 'named.zip');
    await exportHubRecords(db, { hubId, since: 0 }, withName);
    const imported = await importHubRecords(admin, withName);
    expect(imported.refused.map((r) => r.id)).toEqual([`person:${hubId}:named`]);
    expect(imported.checkpointCarried).toBe(false);
    await db.close();
  });

  it('writes nothing but the push checkpoint a file names, whatever id the file gives it', async () => {
    const { hubId, db } = await newHub();
    await db.put({ _id: `event:${hubId}:e1`, type: 'event' });
    const good = path.join(await tempDir(), 'good.zip');
    const { manifest } = await exportHubRecords(db, { hubId, since: 0 }, good);
    const forged = path.join(await tempDir(), 'forged.zip');
    const docs: TransferDoc[] = [];
    for await (const batch of (await openTransferFile(good, 'hub-records')).batches(10)) docs.push(...batch);
    await writeTransferFile(forged, { kind: 'hub-records', hubId, fromSeq: 0, finish: () => ({ pushCheckpoint: { ...manifest.pushCheckpoint!, id: '_design/darasa' } }) }, (async function* () {
      yield* docs;
    })(), () => manifest.toSeq);
    const before = await centralDoc(hubId, '_design/darasa');
    expect((await importHubRecords(admin, forged)).checkpointCarried).toBe(false);
    expect((await centralDoc(hubId, '_design/darasa')).body._rev).toBe(before.body._rev);
    await db.close();
  });

  it('leaves no file behind when writing fails part-way (a full or pulled stick)', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'export.zip');
    async function* failing(): AsyncGenerator<TransferDoc> {
      yield { _id: 'event:hub-aaaaaaaaaa:1', _rev: '1-a', type: 'event' };
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    }
    await expect(writeTransferFile(target, { kind: 'hub-records', hubId: 'hub-aaaaaaaaaa', fromSeq: 0 }, failing(), () => 1)).rejects.toThrow(/no space/);
    expect(await readdir(dir)).toEqual([]);
  });
});
