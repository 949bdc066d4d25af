// A hub's staff accounts from its USB file, written to central's `darasa-staff`
// as the hub's own online writes would be (server/sync/staff-exchange.ts steps
// 2 and 3). Central's administrator runs the import, so CouchDB's validator
// does not stand in the way: each account goes through the same rule function
// in code (hub-write-rules.ts) with the hub as the writer, and then:
//   - the same travelling fields as central holds already (or a disable of
//     another hub's account central holds disabled) → nothing written, so
//     importing a file twice writes nothing the second time;
//   - refused by the rules (checked first, so a forgery is named as one) →
//     not written, listed with central's words;
//   - the file names a revision (or none) other than central's current one →
//     not written, as an online write would meet 409: central changed the
//     account since the hub last heard of it (say, disabled it); the hub learns
//     central's version from the next library file and sends its change again;
//   - otherwise written on top of central's current revision.
import { type CentralAdmin, CentralError, couchRequest } from '../central/couch-http.ts';
import { sameStaffAccount, staffWriteRefusal } from './hub-write-rules.ts';
import { pickStaffAccount, STAFF_DB, type StaffAccountDoc } from './staff-documents.ts';

export interface StaffImport {
  /** Accounts new at central. */
  added: number;
  /** Accounts changed at central, not switched off. */
  updated: number;
  /** Accounts switched from active to disabled. */
  disabled: number;
  /** Accounts central already held so. */
  alreadyThere: number;
  /** Changed at central since the hub's file was made: not written. */
  outdated: { username: string; reason: string }[];
  /** Refused by central's rules: not written. */
  refused: { id: string; reason: string }[];
}

export const emptyStaffImport = (): StaffImport => ({ added: 0, updated: 0, disabled: 0, alreadyThere: 0, outdated: [], refused: [] });

/** Whether a line of a hub's file is a staff account (or claims to be one). */
export function isStaffLine(doc: { _id: string; type?: unknown }): boolean {
  return doc.type === 'staff-account' || doc._id.startsWith('staff-account:');
}

export async function importStaffAccounts(central: CentralAdmin, hubId: string, docs: Record<string, unknown>[]): Promise<StaffImport> {
  const result = emptyStaffImport();
  if (docs.length === 0) return result;
  const database = await couchRequest(central, 'GET', `/${STAFF_DB}`);
  if (database.status === 404) {
    for (const doc of docs) result.outdated.push({ username: String(doc.username ?? doc._id), reason: 'central has no staff accounts database yet: run "darasa central upgrade", then import the file again' });
    return result;
  }
  for (const doc of docs) {
    const id = String(doc._id);
    const path = `/${STAFF_DB}/${encodeURIComponent(id)}`;
    const current = await couchRequest<StaffAccountDoc & { _deleted?: boolean }>(central, 'GET', path);
    if (current.status !== 200 && current.status !== 404) throw new CentralError('CENTRAL_REFUSED', `central answered ${current.status} when reading ${id}; run the import again.`, current.status);
    const old = current.status === 200 ? current.body : null;
    // A visiting account this hub disabled, already disabled at central (by
    // central or another hub): what the hub wanted is so.
    const alreadyOff = old && !old.active && doc.active === false && old.homeHubId !== hubId && doc.homeHubId === old.homeHubId;
    if (old && (sameStaffAccount(doc, old) || alreadyOff)) {
      result.alreadyThere += 1;
      continue;
    }
    // The rules see the line as it is in the file, extra fields included.
    const { _revisions: _history, ...line } = doc;
    void _history;
    const refusal = staffWriteRefusal(hubId, line, old);
    if (refusal) {
      result.refused.push({ id, reason: refusal });
      continue;
    }
    const username = String(doc.username);
    if ((doc._rev ?? undefined) !== (old?._rev ?? undefined)) {
      result.outdated.push({ username, reason: `changed at central since hub ${hubId} last heard of it: the hub learns central's version from the next library file, then sends its change again` });
      continue;
    }
    const next = pickStaffAccount(line as unknown as StaffAccountDoc);
    const written = await couchRequest<{ rev?: string; reason?: string }>(central, 'PUT', path, next);
    if (written.status === 409) {
      result.outdated.push({ username, reason: 'changed at central during the import; run the import again' });
      continue;
    }
    if (written.status !== 201 && written.status !== 202) {
      if (written.status === 403) {
        result.refused.push({ id, reason: written.body.reason ?? 'central refused this staff account' });
        continue;
      }
      throw new CentralError('CENTRAL_REFUSED', `central answered ${written.status} when writing ${id}${written.body.reason ? `: ${written.body.reason}` : ''}; run the import again.`, written.status);
    }
    if (!old) result.added += 1;
    else if (old.active && !next.active) result.disabled += 1;
    else result.updated += 1;
  }
  return result;
}
