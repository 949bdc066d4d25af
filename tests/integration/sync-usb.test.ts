// Sync by USB as operators run it: `darasa sync export FILE` on a stopped hub,
// `darasa central import FILE --central URL` against a real central process,
// then an online sync that must resend nothing central already has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, readdir, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { couchRequest } from '../../sync/central/couch-http.ts';
import { ensureCentral, registerHub } from '../../sync/central/provision.ts';
import { travels } from '../../sync/replicator/push.ts';
import { openTransferFile } from '../../sync/usb/read-transfer.ts';
import { writeTransferFile } from '../../sync/usb/write-transfer.ts';
import type { TransferDoc } from '../../sync/usb/format.ts';
import { openStore } from '../../server/store/store.ts';
import { buildTestApp } from '../support/test-app.ts';
import { injectAs, setUpAndSignIn } from '../support/auth.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { runDarasa } from '../support/darasa-cli.ts';
import { startCentralProcess, type CentralProcess } from '../support/central-process.ts';
import { startHubProcess } from '../support/hub-process.ts';

let central: CentralProcess;
const savedEnv = { user: process.env.CENTRAL_ADMIN_USER, password: process.env.CENTRAL_ADMIN_PASSWORD };

beforeAll(async () => {
  central = await startCentralProcess({ CENTRAL_DATA_DIR: await makeTempDir() }, 60_000);
  await ensureCentral(central.admin);
  // As an operator at central would: the administrator in the environment, not on the command line.
  process.env.CENTRAL_ADMIN_USER = central.adminUser;
  process.env.CENTRAL_ADMIN_PASSWORD = central.adminPassword;
}, 90_000);

afterAll(async () => {
  await central?.stop();
  if (savedEnv.user === undefined) delete process.env.CENTRAL_ADMIN_USER;
  else process.env.CENTRAL_ADMIN_USER = savedEnv.user;
  if (savedEnv.password === undefined) delete process.env.CENTRAL_ADMIN_PASSWORD;
  else process.env.CENTRAL_ADMIN_PASSWORD = savedEnv.password;
  await removeTempDirs();
});

/** A set-up hub (stopped again) with `events` learning events, registered at central; optionally connected. */
async function hubWithEvents(events: number, options: { connect?: boolean } = {}) {
  const dataDir = await makeTempDir();
  const app = await buildTestApp({ dataDir });
  const session = await setUpAndSignIn(app);
  const hubId = app.store.hubId;
  const registration = await registerHub(central.admin, hubId);
  if (options.connect) {
    const connected = await injectAs(app, session, { method: 'PUT', url: '/api/sync/connection', payload: { pairingCode: registration.pairingCode } });
    expect(connected.statusCode).toBe(200);
  }
  const at = new Date().toISOString();
  await app.store.databases.hub.bulkDocs(
    Array.from({ length: events }, (_, i) => ({
      _id: `event:${hubId}:${String(i).padStart(6, '0')}usbtest`,
      type: 'event',
      personId: `person:${hubId}:learner${i % 21}`,
      verb: 'answered',
      object: { courseId: 'course:intro', lessonId: `lesson:intro-${i % 12}`, activityId: `q${i % 5}` },
      result: { correct: i % 3 !== 0, score: i % 3 === 0 ? 0 : 1, durationMs: 4000 + i },
      at,
      receivedAt: at,
      workstation: `10.0.0.${(i % 21) + 10}`,
      createdAt: at,
    })),
  );
  await app.close(); // stops the sync schedule the connection started
  return { dataDir, hubId, database: `darasa-${hubId}` };
}

async function centralDb(database: string) {
  return (await couchRequest<{ doc_count: number; update_seq: unknown }>(central.admin, 'GET', `/${database}`)).body;
}

async function centralRevs(database: string): Promise<Map<string, string>> {
  const all = await couchRequest<{ rows: { id: string; value: { rev: string } }[] }>(central.admin, 'GET', `/${database}/_all_docs`);
  return new Map(all.body.rows.filter((row) => !row.id.startsWith('_design/') && !row.id.startsWith('hub-status:')).map((row) => [row.id, row.value.rev]));
}

/** What the hub holds that travels: id → winning revision. */
async function hubRevs(dataDir: string): Promise<Map<string, string>> {
  const store = await openStore(dataDir);
  try {
    const all = await store.databases.hub.allDocs({ include_docs: true });
    return new Map(all.rows.filter((row) => travels(row.doc as { _id: string; type?: string })).map((row) => [row.id, row.value.rev]));
  } finally {
    await store.close();
  }
}

const importFile = (file: string) => runDarasa('central', 'import', file, '--central', central.url);

describe('sync by USB', () => {
  it('carries every record to central exactly once with the hub’s revisions, and a second import changes nothing', async () => {
    const { dataDir, hubId, database } = await hubWithEvents(300);
    const file = path.join(await makeTempDir(), 'records.zip');

    const exported = await runDarasa('sync', 'export', file, '--data-dir', dataDir);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(new RegExp(`Exported [\\d,]+ records of hub ${hubId} to ${file} \\([\\d.]+ [kKM]i?B\\):`));
    expect(exported.stdout).toMatch(/^ {2}event: 300$/m);
    expect(exported.stdout).toMatch(/darasa central import records\.zip --central URL/);

    const hub = await hubRevs(dataDir);
    const first = await importFile(file);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`new at central: +${hub.size}\\b`));
    expect(first.stdout).toMatch(/already there: +0\b/);
    expect(first.stdout).toMatch(/refused: +0\b/);
    expect(await centralRevs(database)).toEqual(hub);

    const before = await centralDb(database);
    const second = await importFile(file);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/new at central: +0\b/);
    expect(second.stdout).toMatch(new RegExp(`already there: +${hub.size}\\b`));
    expect(second.stdout).toMatch(/Nothing changed: central already had every record in this file\./);
    expect(await centralDb(database)).toEqual(before);
  }, 120_000);

  it('refuses a truncated file with one line and changes nothing', async () => {
    const { dataDir, database } = await hubWithEvents(200);
    const dir = await makeTempDir();
    const file = path.join(dir, 'records.zip');
    expect((await runDarasa('sync', 'export', file, '--data-dir', dataDir)).code).toBe(0);
    const cut = path.join(dir, 'pulled-too-soon.zip');
    await copyFile(file, cut);
    await truncate(cut, Math.floor((await stat(file)).size * 0.7));
    const before = await centralDb(database);

    const result = await importFile(cut);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^darasa: .*pulled-too-soon\.zip is damaged or incomplete .*nothing was imported\. Copy the file from the hub again/);
    expect(await centralDb(database)).toEqual(before);
  }, 120_000);

  it('refuses and lists records edited to claim another hub, and imports the rest', async () => {
    const { dataDir, hubId, database } = await hubWithEvents(20);
    const other = await hubWithEvents(0);
    const dir = await makeTempDir();
    const file = path.join(dir, 'records.zip');
    expect((await runDarasa('sync', 'export', file, '--data-dir', dataDir)).code).toBe(0);

    // A well-formed file (its checksum matches) whose first two events claim the other hub.
    const transfer = await openTransferFile(file, 'hub-records');
    const docs: TransferDoc[] = [];
    for await (const batch of transfer.batches(100)) docs.push(...batch);
    const forgedIds: string[] = [];
    const forged = docs.map((doc) => {
      if (doc.type !== 'event' || forgedIds.length >= 2) return doc;
      const _id = doc._id.replace(hubId, other.hubId);
      forgedIds.push(_id);
      return { ...doc, _id };
    });
    const edited = path.join(dir, 'edited.zip');
    await writeTransferFile(edited, { kind: 'hub-records', hubId, fromSeq: 0 }, (async function* () {
      yield* forged;
    })(), () => transfer.manifest.toSeq);

    const result = await importFile(edited);
    expect(result.code).toBe(1);
    for (const id of forgedIds) expect(result.stdout).toContain(`    ${id} — document ${id} does not belong to hub ${hubId}`);
    expect(result.stdout).toMatch(/refused: +2\b/);
    expect(result.stdout).toMatch(new RegExp(`new at central: +${docs.length - 2}\\b`));
    expect(result.stderr).toMatch(/^darasa: 2 records were refused \(listed above with the reason\) and not imported; the others were\.$/m);
    const atCentral = await centralRevs(database);
    expect(atCentral.size).toBe(docs.length - 2);
    for (const id of forgedIds) expect(atCentral.has(id)).toBe(false);
    expect((await centralDb(other.database)).doc_count).toBe(2); // its design documents only (_design/darasa, _design/impact)
  }, 120_000);

  it('refuses to export while the hub is running, and says where the button is', async () => {
    const dataDir = await makeTempDir();
    const hub = await startHubProcess({ DATA_DIR: dataDir }, 60_000);
    try {
      const dir = await makeTempDir();
      const result = await runDarasa('sync', 'export', path.join(dir, 'records.zip'), '--data-dir', dataDir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^darasa: the hub is running on .*Stop the hub first, or download the same file from its admin page \(Sync with central → Export for USB\)\.\n$/);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await hub.stop();
    }
  }, 120_000);

  it('a later online sync resends nothing central already has', async () => {
    const EVENTS = 2000;
    const { dataDir, database } = await hubWithEvents(EVENTS, { connect: true });
    const file = path.join(await makeTempDir(), 'records.zip');
    expect((await runDarasa('sync', 'export', file, '--data-dir', dataDir)).code).toBe(0);
    const fileBytes = (await stat(file)).size;
    const imported = await importFile(file);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/The hub's next online sync starts after these records\./);
    const afterImport = await centralDb(database);

    const online = await runDarasa('sync-now', '--data-dir', dataDir);
    expect(online.stderr).toBe('');
    expect(online.code).toBe(0);
    expect(online.stdout).toMatch(/waiting: 0/);
    const sent = Number(/bytes today: (\d+) sent/.exec(online.stdout)![1]);
    // Nothing the file carried was written again: central's changes since the
    // import hold only what the online sync adds by itself (its status heartbeat).
    const changes = await couchRequest<{ results: { id: string }[] }>(central.admin, 'GET', `/${database}/_changes?since=${encodeURIComponent(String(afterImport.update_seq))}`);
    const exported = await hubRevs(dataDir);
    const rewritten = changes.body.results.map((row) => row.id).filter((id) => exported.has(id));
    expect(rewritten).toEqual([]);
    expect(changes.body.results.every((row) => row.id.startsWith('hub-status:'))).toBe(true);

    // For scale: the same records sent online by a hub that had no USB import.
    const plain = await hubWithEvents(EVENTS, { connect: true });
    const direct = await runDarasa('sync-now', '--data-dir', plain.dataDir);
    expect(direct.code).toBe(0);
    const directSent = Number(/bytes today: (\d+) sent/.exec(direct.stdout)![1]);
    console.log(`[usb] ${EVENTS} events: export file ${fileBytes} B; online sync after the USB import sent ${sent} B; the same records online without USB: ${directSent} B`);
    expect(sent).toBeLessThan(directSent / 10);
  }, 240_000);
});
