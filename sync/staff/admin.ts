// Central's administrator and the staff accounts: disable one (every hub
// learns it at its next sync and refuses the account; its sessions end), list
// them, or read them all for a USB file (the library file, for hubs without a
// link). As central's CouchDB administrator (couch-http.ts).
import { type CentralAdmin, CentralError, couchExpect, couchRequest, type CouchResponse } from '../central/couch-http.ts';
import { DISABLED_AT_CENTRAL, isStaffAccountDoc, pickStaffAccount, STAFF_DB, staffAccountId, type StaffAccountDoc, type StaffAccountSummary } from './staff-documents.ts';

export type { StaffAccountSummary };

const summary = (doc: StaffAccountDoc): StaffAccountSummary => ({
  username: doc.username,
  personId: doc.personId,
  homeHubId: doc.homeHubId,
  roles: doc.roles,
  givenName: doc.givenName,
  familyName: doc.familyName,
  active: doc.active,
  ...(doc.disabledAt ? { disabledAt: doc.disabledAt } : {}),
  ...(doc.disabledBy ? { disabledBy: doc.disabledBy } : {}),
  updatedAt: doc.updatedAt,
});

/** Disables the account at central. Returns it as it now stands; an account
 * already disabled is left as it was (the first to disable it is kept). */
export async function disableStaffAtCentral(central: CentralAdmin, username: string, now = new Date()): Promise<{ account: StaffAccountSummary; changed: boolean }> {
  const path = `/${STAFF_DB}/${encodeURIComponent(staffAccountId(username))}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await couchRequest<StaffAccountDoc>(central, 'GET', path);
    if (current.status === 404) throw new CentralError('CENTRAL_REFUSED', `no staff account "${username.toLowerCase()}" at central: staff accounts arrive when their hub syncs.`, 404);
    if (current.status !== 200) throw new CentralError('CENTRAL_REFUSED', `central answered ${current.status} when reading the staff account "${username}".`, current.status);
    const doc = current.body;
    if (!doc.active) return { account: summary(doc), changed: false };
    const at = now.toISOString();
    const next: StaffAccountDoc = { ...doc, active: false, disabledAt: at, disabledBy: DISABLED_AT_CENTRAL, updatedAt: at };
    const written = await couchRequest(central, 'PUT', path, next);
    if (written.status === 201 || written.status === 202) return { account: summary(next), changed: true };
    if (written.status !== 409) throw new CentralError('CENTRAL_REFUSED', `central refused to disable "${username}": ${JSON.stringify(written.body)}`, written.status);
  }
  throw new CentralError('CENTRAL_REFUSED', `the staff account "${username}" kept changing while it was being disabled; try again.`);
}

/** Every staff account at central, by username. */
export async function listStaffAtCentral(central: CentralAdmin): Promise<StaffAccountSummary[]> {
  const range = `startkey=${encodeURIComponent('"staff-account:"')}&endkey=${encodeURIComponent('"staff-account:\ufff0"')}&include_docs=true`;
  const response = await couchExpect<{ rows: { doc: StaffAccountDoc }[] }>(central, 'list the staff accounts', 'GET', `/${STAFF_DB}/_all_docs?${range}`, undefined, [200]);
  return response.body.rows.map((row) => summary(row.doc));
}

/** A staff account as a USB file carries it: the travelling fields with
 * central's `_rev`, or a deletion's tombstone. */
interface ChangesBody {
  results: { id: string; deleted?: boolean; changes: { rev: string }[]; doc?: unknown }[];
  last_seq: string | number;
}

export type StaffFileLine = StaffAccountDoc | { _id: string; _rev: string; _deleted: true };

/** Every staff account at central, deletions included, each at its winning
 * revision, page by page through `_changes` (none if central has no staff
 * database yet). What a hub reading from 0 online would learn. */
export async function readStaffForHubs(central: CentralAdmin, pageSize = 500): Promise<StaffFileLine[]> {
  // By id: an account changed between two pages appears in both, the later wins.
  const lines = new Map<string, StaffFileLine>();
  let since: string | number = 0;
  for (;;) {
    const response: CouchResponse<ChangesBody> = await couchRequest<ChangesBody>(
      central,
      'GET',
      `/${STAFF_DB}/_changes?since=${encodeURIComponent(String(since))}&include_docs=true&limit=${pageSize}`,
    );
    if (response.status === 404) return [...lines.values()];
    if (response.status !== 200) throw new CentralError('CENTRAL_REFUSED', `central answered ${response.status} when reading the staff accounts.`, response.status);
    for (const row of response.body.results) {
      if (!row.id.startsWith('staff-account:')) continue;
      if (row.deleted) lines.set(row.id, { _id: row.id, _rev: row.changes[0]!.rev, _deleted: true });
      else if (isStaffAccountDoc(row.doc)) lines.set(row.id, pickStaffAccount(row.doc));
    }
    since = response.body.last_seq;
    if (response.body.results.length < pageSize) return [...lines.values()];
  }
}
