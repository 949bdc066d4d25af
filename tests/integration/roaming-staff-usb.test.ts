// Roaming staff by USB (issue 9 for a truck with no link): staff accounts ride
// the two USB files. A hub's export carries its staff accounts and its disables
// of visiting ones; `darasa central import` writes them under central's staff
// rules (applied in code, as the hub) and lists what it refused; central's
// library file carries every staff account, and a hub applies them as its online
// sync would: on the running hub (POST /api/sync/import) and on a stopped one
// (`darasa sync import`). One embedded central; hubs A and C sync online, B and
// D only by file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { startEmbeddedCentral, type EmbeddedCentral } from '../../sync/central/embedded.ts';
import { ensureCentral, registerHub } from '../../sync/central/provision.ts';
import { disableStaffAtCentral } from '../../sync/staff/admin.ts';
import { STAFF_DB, staffAccountId, type StaffAccountDoc } from '../../sync/staff/staff-documents.ts';
import { exportLibraryFile } from '../../sync/library/usb-library.ts';
import { importHubRecords } from '../../sync/usb/import-hub-records.ts';
import { writeTransferFile } from '../../sync/usb/write-transfer.ts';
import type { TransferDoc } from '../../sync/usb/format.ts';
import { buildTestApp } from '../support/test-app.ts';
import { ADMIN, createPerson, injectAs, setUpAndSignIn, signIn, type TestSession } from '../support/auth.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { connectHub, syncStatus, type CentralLike } from '../support/sync-check.ts';
import { runDarasa } from '../support/darasa-cli.ts';

const CENTRAL_ADMIN = { adminUser: 'admin', adminPassword: 'central-admin-password' };
const PASSWORD = 'roaming-pass-1234';
let central: EmbeddedCentral;
let admin: CentralLike;
let flags: string[];
let files: string;

interface Hub {
  app: FastifyInstance;
  admin: TestSession;
}
let A: Hub;
let B: Hub;
let C: Hub;

async function onlineHub(): Promise<Hub> {
  const app = await buildTestApp({ sync: { intervalMs: 3_600_000, timeoutMs: 15_000 } });
  const session = await setUpAndSignIn(app);
  await connectHub(app, session, admin, central.url);
  return { app, admin: session };
}

/** Registered at central (`darasa central register-hub`), never connected: it syncs by USB only. */
async function usbOnlyHub(dataDir?: string): Promise<Hub> {
  const app = await buildTestApp({ sync: { intervalMs: 3_600_000, timeoutMs: 15_000 }, ...(dataDir ? { dataDir } : {}) });
  const session = dataDir ? await signIn(app, ADMIN.username, ADMIN.password) : await setUpAndSignIn(app);
  if (!dataDir) await registerHub(admin, app.store.hubId);
  return { app, admin: session };
}

async function sync(...hubs: Hub[]): Promise<void> {
  for (const hub of hubs) {
    await hub.app.sync.run();
    expect((await syncStatus(hub.app, hub.admin)).lastError, hub.app.store.hubId).toBeNull();
  }
}

const signInAttempt = (hub: Hub, username: string, password = PASSWORD) => hub.app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });

async function teacherOn(hub: Hub, username: string, roles = ['teacher']): Promise<string> {
  return (await createPerson(hub.app, hub.admin, { givenName: 'Neema', familyName: 'Achieng', roles, username, password: PASSWORD })).id;
}

let fileCount = 0;
const newFile = (name: string) => path.join(files, `${++fileCount}-${name}`);

/** The admin page's "Export for USB". */
async function exportFrom(hub: Hub): Promise<string> {
  const response = await injectAs(hub.app, hub.admin, { url: '/api/sync/export' });
  expect(response.statusCode, response.body).toBe(200);
  const file = newFile('records.zip');
  await writeFile(file, new Uint8Array(response.rawPayload));
  return file;
}

async function libraryFile(): Promise<string> {
  const file = newFile('library.zip');
  await exportLibraryFile(admin, file);
  return file;
}

/** The admin page's "Library from a USB stick". */
async function uploadLibrary(hub: Hub, file: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await readFile(file))], { type: 'application/zip' }), 'library.zip');
  const encoded = new Response(form);
  const response = await hub.app.inject({
    method: 'POST',
    url: '/api/sync/import',
    headers: { ...hub.admin.headers, 'content-type': encoded.headers.get('content-type')! },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().staff as { inFile: number; added: number; updated: number; disabled: number };
}

const basic = () => `Basic ${Buffer.from(`${CENTRAL_ADMIN.adminUser}:${CENTRAL_ADMIN.adminPassword}`).toString('base64')}`;

async function centralAccount(username: string): Promise<StaffAccountDoc> {
  return (await fetch(`${central.url}/${STAFF_DB}/${encodeURIComponent(staffAccountId(username))}`, { headers: { authorization: basic() } })).json();
}

async function centralStaffRevs(): Promise<string> {
  const body = await (await fetch(`${central.url}/${STAFF_DB}/_all_docs`, { headers: { authorization: basic() } })).json();
  return body.rows.map((row: { id: string; value: { rev: string } }) => `${row.id}@${row.value.rev}`).join();
}

beforeAll(async () => {
  central = await startEmbeddedCentral({ dataDir: await makeTempDir(), ...CENTRAL_ADMIN, port: 0 });
  admin = { url: central.url, ...CENTRAL_ADMIN };
  flags = ['--central', central.url, '--admin-user', CENTRAL_ADMIN.adminUser, '--admin-password', CENTRAL_ADMIN.adminPassword];
  await ensureCentral(admin);
  files = await makeTempDir();
  A = await onlineHub();
  B = await usbOnlyHub();
  C = await onlineHub();
}, 120_000);

afterAll(async () => {
  for (const hub of [A, B, C]) await hub?.app.close();
  await central?.close();
  await removeTempDirs();
});

describe('roaming staff accounts by USB', () => {
  it("a USB-only hub learns hub A's teacher from central's library file, then that central disabled them: refused at sign-in, session ended; an older file does not undo it", { timeout: 90_000 }, async () => {
    const personId = await teacherOn(A, 'tumaini');
    await sync(A);
    expect((await signInAttempt(B, 'tumaini')).statusCode).toBe(401);

    const first = await libraryFile();
    expect(await uploadLibrary(B, first)).toMatchObject({ added: 1, updated: 0, disabled: 0 });
    const onB = await signIn(B.app, 'tumaini', PASSWORD);
    expect(onB.user.id).toBe(personId);
    // The same file again changes nothing.
    expect(await uploadLibrary(B, first)).toMatchObject({ inFile: 1, added: 0, updated: 0, disabled: 0 });

    expect((await disableStaffAtCentral(admin, 'tumaini')).changed).toBe(true);
    expect(await uploadLibrary(B, await libraryFile())).toMatchObject({ added: 0, updated: 0, disabled: 1 });
    expect((await injectAs(B.app, onB, { url: '/api/classes' })).statusCode).toBe(401);
    const refused = await signInAttempt(B, 'tumaini');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('ACCOUNT_INACTIVE');

    // The first file, found again on an old stick, does not switch them back on.
    expect(await uploadLibrary(B, first)).toMatchObject({ added: 0, updated: 0, disabled: 0 });
    expect((await signInAttempt(B, 'tumaini')).json().code).toBe('ACCOUNT_INACTIVE');
  });

  it("a USB-only hub's teacher reaches central by file, signs in on an online hub, and a second import writes nothing", { timeout: 90_000 }, async () => {
    const personId = await teacherOn(B, 'usiku', ['teacher', 'trainer', 'admin']);
    const file = await exportFrom(B);

    const imported = await runDarasa('central', 'import', file, ...flags);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Staff accounts \(roaming teachers and trainers\) into darasa-staff:\n  added: +1\n  updated: +0\n  disabled: +0\n  already there: +0\n  refused: +0/);
    expect(await centralAccount('usiku')).toMatchObject({ homeHubId: B.app.store.hubId, personId, roles: ['teacher', 'trainer'], active: true });
    expect((await centralAccount('usiku')).passwordHash).toMatch(/^scrypt\$/);

    const before = await centralStaffRevs();
    const again = await runDarasa('central', 'import', file, ...flags);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/added: +0\n  updated: +0\n  disabled: +0\n  already there: +1/);
    expect(again.stdout).toMatch(/Nothing changed/);
    expect(await centralStaffRevs()).toBe(before);

    await sync(C);
    const onC = await signIn(C.app, 'usiku', PASSWORD);
    // The admin role never roams.
    expect(onC.user).toMatchObject({ id: personId, roles: ['teacher', 'trainer'] });
  });

  it("a disable made on the USB-only hub of hub A's teacher reaches central by file; A deactivates the person at its next sync", { timeout: 90_000 }, async () => {
    const personId = await teacherOn(A, 'wanjiru');
    await sync(A);
    await uploadLibrary(B, await libraryFile());
    expect((await signInAttempt(B, 'wanjiru')).statusCode).toBe(200);

    const off = await injectAs(B.app, B.admin, { method: 'POST', url: '/api/people/roaming/wanjiru/disable' });
    expect(off.statusCode, off.body).toBe(200);
    const result = await importHubRecords(admin, await exportFrom(B));
    expect(result.staff).toMatchObject({ disabled: 1, refused: [], outdated: [] });
    expect(await centralAccount('wanjiru')).toMatchObject({ active: false, disabledBy: B.app.store.hubId });

    await sync(A);
    expect((await injectAs(A.app, A.admin, { url: `/api/people/${encodeURIComponent(personId)}` })).json().active).toBe(false);
    expect((await signInAttempt(A, 'wanjiru')).json().code).toBe('ACCOUNT_INACTIVE');
    // Exported again before B hears back from central: nothing more is written.
    const before = await centralStaffRevs();
    expect((await importHubRecords(admin, await exportFrom(B))).staff).toMatchObject({ added: 0, updated: 0, disabled: 0, refused: [] });
    expect(await centralStaffRevs()).toBe(before);
  });

  it('a stopped USB-only hub whose own teacher central disabled deactivates them with `darasa sync import`, and their session ends', { timeout: 120_000 }, async () => {
    let D = await usbOnlyHub();
    const dataDir = D.app.store.dataDir;
    const personId = await teacherOn(D, 'zuhura');
    const session = await signIn(D.app, 'zuhura', PASSWORD);
    expect((await importHubRecords(admin, await exportFrom(D))).staff.added).toBe(1);
    await disableStaffAtCentral(admin, 'zuhura');
    const file = await libraryFile();
    await D.app.close();

    const imported = await runDarasa('sync', 'import', file, '--data-dir', dataDir);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/staff accounts: \d+ added, \d+ updated, 1 disabled/);
    const again = await runDarasa('sync', 'import', file, '--data-dir', dataDir);
    expect(again.stdout).toMatch(/staff accounts: nothing new/);

    D = await usbOnlyHub(dataDir);
    try {
      expect((await injectAs(D.app, session, { url: '/api/classes' })).statusCode).toBe(401);
      expect((await signInAttempt(D, 'zuhura')).json().code).toBe('ACCOUNT_INACTIVE');
      expect((await injectAs(D.app, D.admin, { url: `/api/people/${encodeURIComponent(personId)}` })).json().active).toBe(false);
      // Its next export does not switch the account back on at central.
      await importHubRecords(admin, await exportFrom(D));
      expect(await centralAccount('zuhura')).toMatchObject({ active: false, disabledBy: 'central' });
    } finally {
      await D.app.close();
    }
  });

  it("refuses a forged file at central import and changes nothing: hub B switching hub A's disabled teacher back on, a learner role, a password that is no scrypt hash, an account for A's person", { timeout: 90_000 }, async () => {
    await teacherOn(A, 'faraja');
    await sync(A);
    await disableStaffAtCentral(admin, 'faraja');
    const current = await centralAccount('faraja');
    const hubB = B.app.store.hubId;
    const hubA = A.app.store.hubId;
    const own = (username: string, change: Partial<StaffAccountDoc>): StaffAccountDoc => ({
      ...current,
      _id: staffAccountId(username),
      _rev: undefined,
      username,
      personId: `person:${hubB}:${username}`,
      homeHubId: hubB,
      active: true,
      disabledAt: undefined,
      disabledBy: undefined,
      ...change,
    });
    const forged = [
      { ...current, active: true, disabledAt: undefined, disabledBy: undefined },
      own('forged-learner', { roles: ['learner'] }),
      own('forged-plain', { passwordHash: 'correct horse battery staple' }),
      own('forged-for-a', { personId: `person:${hubA}:someone`, homeHubId: hubA }),
    ].map((doc) => JSON.parse(JSON.stringify(doc)) as TransferDoc);
    const file = newFile('forged.zip');
    async function* docs() {
      yield* forged;
    }
    await writeTransferFile(file, { kind: 'hub-records', hubId: hubB, fromSeq: 0 }, docs(), () => 0);

    const before = await centralStaffRevs();
    const result = await importHubRecords(admin, file);
    expect(result.staff).toMatchObject({ added: 0, updated: 0, disabled: 0, alreadyThere: 0, outdated: [] });
    expect(result.staff.refused.map((r) => r.id)).toEqual(forged.map((doc) => doc._id));
    const reasons = result.staff.refused.map((r) => r.reason);
    expect(reasons[0]).toMatch(new RegExp(`hub ${hubB} may only disable the staff account staff-account:faraja of hub ${hubA}`));
    expect(reasons[1]).toMatch(/the role "learner" does not roam/);
    expect(reasons[2]).toMatch(/must carry a salted scrypt hash/);
    expect(reasons[3]).toMatch(new RegExp(`hub ${hubB} may only write staff accounts of its own people, not of hub ${hubA}`));
    expect(await centralStaffRevs()).toBe(before);

    // The operator reads the same refusals, and the command fails.
    const cli = await runDarasa('central', 'import', file, ...flags);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/refused: +4\n    staff-account:faraja — hub hub-\w+ may only disable/);
    expect(cli.stderr).toMatch(/^darasa: 4 staff accounts were refused \(listed above with the reason\) and not imported; the others were\.$/m);
    expect(await centralStaffRevs()).toBe(before);
    expect(await centralAccount('faraja')).toMatchObject({ active: false, disabledBy: 'central' });
  });
});
