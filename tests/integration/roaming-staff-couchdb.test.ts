// Central's staff validator (sync/staff/staff-validator.ts) inside Apache
// CouchDB 3, whose JavaScript engine is not Node's. Runs only when
//   COUCHDB_URL=http://127.0.0.1:5984 COUCHDB_ADMIN_USER=admin COUCHDB_ADMIN_PASSWORD=…
// are set; otherwise it shows as skipped with the reason in its name. It
// registers two hubs with fresh random ids, writes staff accounts under random
// usernames, and removes them all afterwards (`darasa-staff` itself is kept).
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ensureCentral, hubDatabase, registerHub, type HubRegistration } from '../../sync/central/provision.ts';
import { couchRequest, type CentralAdmin } from '../../sync/central/couch-http.ts';
import { newHubId } from '../../sync/ids.ts';
import { disableStaffAtCentral } from '../../sync/staff/admin.ts';
import { readStaffChanges, writeStaffAccount, type StaffChangesPage } from '../../sync/staff/central-staff.ts';
import { STAFF_DB, staffAccountId, type StaffAccountDoc } from '../../sync/staff/staff-documents.ts';
import { hashSecret, TEST_KDF } from '../../server/auth/kdf.ts';

const url = process.env.COUCHDB_URL?.replace(/\/+$/, '');
const SKIP_REASON = url ? '' : ' [skipped: set COUCHDB_URL, COUCHDB_ADMIN_USER and COUCHDB_ADMIN_PASSWORD to run against Apache CouchDB 3]';
const admin: CentralAdmin = { url: url ?? 'http://invalid', adminUser: process.env.COUCHDB_ADMIN_USER ?? 'admin', adminPassword: process.env.COUCHDB_ADMIN_PASSWORD ?? '' };
const hubs: HubRegistration[] = [];
const written: string[] = [];

afterAll(async () => {
  if (!url) return;
  for (const id of written) {
    const doc = await couchRequest<{ _rev?: string }>(admin, 'GET', `/${STAFF_DB}/${encodeURIComponent(id)}`);
    if (doc.body._rev) await couchRequest(admin, 'DELETE', `/${STAFF_DB}/${encodeURIComponent(id)}?rev=${doc.body._rev}`);
  }
  for (const hub of hubs) {
    await couchRequest(admin, 'DELETE', `/${hubDatabase(hub.hubId)}`);
    const user = await couchRequest<{ _rev?: string }>(admin, 'GET', `/_users/org.couchdb.user:${hub.username}`);
    if (user.body._rev) await couchRequest(admin, 'DELETE', `/_users/org.couchdb.user:${hub.username}?rev=${user.body._rev}`);
  }
});

describe.skipIf(!url)(`darasa-staff validator on Apache CouchDB 3 at COUCHDB_URL${SKIP_REASON}`, () => {
  it("lets a hub write its own staff account and only disable another hub's; refuses forgery, a taken username, deletion and a PIN hash", { timeout: 60_000 }, async () => {
    await ensureCentral(admin);
    const a = await registerHub(admin, newHubId());
    const b = await registerHub(admin, newHubId());
    hubs.push(a, b);
    const as = (hub: HubRegistration): CentralAdmin => ({ url: url!, adminUser: hub.username, adminPassword: hub.password });
    const username = `t${randomBytes(5).toString('hex')}`;
    const id = staffAccountId(username);
    written.push(id, staffAccountId(`${username}x`));
    const path = `/${STAFF_DB}/${encodeURIComponent(id)}`;
    const doc: StaffAccountDoc = {
      _id: id,
      type: 'staff-account',
      username,
      personId: `person:${a.hubId}:p1`,
      homeHubId: a.hubId,
      roles: ['teacher'],
      givenName: 'Juma',
      familyName: 'Mwangi',
      passwordHash: await hashSecret('roaming-pass-1234', TEST_KDF),
      active: true,
      updatedAt: new Date().toISOString(),
    };

    const reason = (response: { body: unknown }) => (response.body as { reason?: string }).reason ?? '';
    // B cannot create it for A's person, nor A with a PIN hash.
    const forged = await couchRequest(as(b), 'PUT', path, doc);
    expect(forged.status).toBe(403);
    expect(reason(forged)).toMatch(/may only write staff accounts of its own people/);
    const pin = await couchRequest(as(a), 'PUT', path, { ...doc, pinHash: doc.passwordHash });
    expect(reason(pin)).toMatch(/carries the field "pinHash"/);

    const created = await couchRequest<{ rev: string }>(as(a), 'PUT', path, doc);
    expect(created.status).toBe(201);
    const current = { ...doc, _rev: created.body.rev };
    // B can read it (every hub verifies visiting staff offline).
    expect((await couchRequest(as(b), 'GET', path)).status).toBe(200);
    const taken = await couchRequest(as(b), 'PUT', path, { ...current, personId: `person:${b.hubId}:q`, homeHubId: b.hubId });
    expect(reason(taken)).toMatch(/is held by a staff account of hub/);
    const changed = await couchRequest(as(b), 'PUT', path, { ...current, active: false, disabledBy: b.hubId, roles: ['teacher', 'trainer'] });
    expect(reason(changed)).toMatch(/not change its "roles"/);
    const removed = await couchRequest(as(b), 'DELETE', `${path}?rev=${current._rev}`);
    expect(removed.status).toBe(403);

    const disabled = await couchRequest<{ rev: string }>(as(b), 'PUT', path, { ...current, active: false, disabledBy: b.hubId, disabledAt: new Date().toISOString() });
    expect(disabled.status).toBe(201);
    // The home hub may switch it back on; central's administrator disables it again.
    const enabled = await couchRequest(as(a), 'PUT', path, { ...current, _rev: disabled.body.rev });
    expect(enabled.status).toBe(201);
    expect(await disableStaffAtCentral(admin, username)).toMatchObject({ changed: true, account: { active: false, disabledBy: 'central' } });

    // The hub's calls: CouchDB's opaque sequences page through to the account; a stale write is a conflict, a forged one forbidden.
    const source = { databaseUrl: `${url}/${STAFF_DB}`, username: b.username, password: b.password, fetch };
    let since: string | number = 0;
    let found: StaffAccountDoc | undefined;
    for (let more = true; more; ) {
      const page: StaffChangesPage = (await readStaffChanges(source, since, 50))!;
      for (const change of page.changes) if (change.username === username && !change.deleted) found = change.doc;
      since = page.lastSeq;
      more = page.more;
    }
    expect(typeof since).toBe('string');
    expect(found).toMatchObject({ active: false, disabledBy: 'central', homeHubId: a.hubId });
    expect(await writeStaffAccount(source, { ...found!, _rev: created.body.rev })).toEqual({ ok: false, conflict: true });
    expect(await writeStaffAccount(source, { ...found!, active: true })).toMatchObject({ ok: false, conflict: false, forbidden: expect.stringMatching(/may only disable/) });
  });
});
