// The hub's two calls on central's `darasa-staff` database, over the uplink
// fetch (link-fetch.ts: deadline, byte count, budget): read the accounts that
// changed since a checkpoint, and write one account. Central's validator
// (staff-validator.ts) decides what a hub may write; its refusal comes back
// as `forbidden` with central's words, a lost race as `conflict`.
import type { FetchLike } from '../replicator/link-fetch.ts';
import { isStaffAccountDoc, pickStaffAccount, usernameOfStaffId, type StaffAccountDoc } from './staff-documents.ts';

export interface StaffSource {
  /** e.g. https://central.example.org/darasa-staff */
  databaseUrl: string;
  username: string;
  password: string;
  fetch: FetchLike;
}

export class StaffExchangeError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'StaffExchangeError';
  }
}

/** `rev`: the deletion's revision, when it came from a file (a hub skips one older than what it has). */
export type StaffChange = { username: string; deleted: true; rev?: string } | { username: string; deleted: false; doc: StaffAccountDoc };

/** A row of central's `_changes`, or a line of a USB file, as a change; null
 * for anything that is not a well-formed staff account (or its deletion). */
export function staffChangeOf(row: { id: string; deleted?: boolean; doc?: unknown; rev?: string }): StaffChange | null {
  const username = usernameOfStaffId(row.id);
  if (!username) return null;
  if (row.deleted) return { username, deleted: true, ...(row.rev ? { rev: row.rev } : {}) };
  return isStaffAccountDoc(row.doc) ? { username, deleted: false, doc: pickStaffAccount(row.doc) } : null;
}

export interface StaffChangesPage {
  changes: StaffChange[];
  lastSeq: string | number;
  /** More changes wait after this page. */
  more: boolean;
}

const authorizationOf = (source: StaffSource) => `Basic ${Buffer.from(`${source.username}:${source.password}`).toString('base64')}`;

/** One page of `_changes` (winning revisions, documents included); null when
 * central has no staff database yet (`ensureCentral` makes it: the next hub
 * registration or `darasa central upgrade`). Malformed documents are skipped: the validator lets none
 * through, and a hub must not trip over an administrator's mistake. */
export async function readStaffChanges(source: StaffSource, since: string | number, limit = 200): Promise<StaffChangesPage | null> {
  const url = `${source.databaseUrl}/_changes?since=${encodeURIComponent(String(since))}&include_docs=true&limit=${limit}`;
  const response = await source.fetch(url, { headers: { authorization: authorizationOf(source), accept: 'application/json' } });
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  if (!response.ok) throw new StaffExchangeError(`central answered ${response.status} for the staff accounts`, response.status);
  const body = (await response.json()) as { results: { id: string; deleted?: boolean; doc?: unknown }[]; last_seq: string | number };
  const changes: StaffChange[] = [];
  for (const row of body.results) {
    const change = staffChangeOf({ id: row.id, deleted: row.deleted, doc: row.doc });
    if (change) changes.push(change);
  }
  return { changes, lastSeq: body.last_seq, more: body.results.length >= limit };
}

export type StaffWriteResult = { ok: true; rev: string } | { ok: false; conflict: true } | { ok: false; conflict: false; forbidden: string };

/** Writes one account (with `_rev` when it updates one). Link failures throw. */
export async function writeStaffAccount(source: StaffSource, doc: StaffAccountDoc): Promise<StaffWriteResult> {
  const body = pickStaffAccount(doc);
  const response = await source.fetch(`${source.databaseUrl}/${encodeURIComponent(doc._id)}`, {
    method: 'PUT',
    headers: { authorization: authorizationOf(source), 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as { rev?: string; reason?: string; error?: string };
  if (response.ok && answer.rev) return { ok: true, rev: answer.rev };
  if (response.status === 409) return { ok: false, conflict: true };
  if (response.status === 403) return { ok: false, conflict: false, forbidden: answer.reason ?? 'central refused this staff account' };
  throw new StaffExchangeError(`central answered ${response.status} when writing ${doc._id}${answer.reason ? `: ${answer.reason}` : ''}`, response.status);
}
