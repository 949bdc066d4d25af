// The USB transfer file: what travels on a stick when there is no link at all.
// One zip holding two entries, always in this order:
//   records.jsonl   the payload: one JSON document per line (deflated)
//   manifest.json   what the file is, written last because it carries the
//                   payload's SHA-256 and line count
// The manifest says which `kind` of transfer it is ('hub-records': a hub's
// records for central; 'library': central's shared library for hubs), so the
// same reader and writer serve both directions. A reader trusts nothing until
// the format, version, kind, size, line count and SHA-256 all match.
// Staff accounts (sync/staff/) travel in both: a 'hub-records' file carries the
// hub's `staff-account` documents as its online sync would write them to
// central's `darasa-staff` (with the `_rev` they replace, none when new); a
// 'library' file carries every account at central (tombstones included) with
// central's `_rev`. Files without them (older Darasa) import as before.

export const TRANSFER_FORMAT = 'darasa-usb-transfer';
export const TRANSFER_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';
export const PAYLOAD_ENTRY = 'records.jsonl';

export type TransferKind = 'hub-records' | 'library';

export interface TransferManifest {
  format: typeof TRANSFER_FORMAT;
  version: typeof TRANSFER_VERSION;
  kind: TransferKind;
  /** The hub the records come from ('hub-records') or go to (null: any hub). */
  hubId: string | null;
  createdAt: string;
  /** Update sequences of the source database: records changed after `fromSeq`, up to `toSeq`. */
  fromSeq: number | string;
  toSeq: number | string;
  /** Lines in the payload, one document (one revision leaf) each. */
  documents: number;
  /** Documents by type, for the summary a person reads. */
  byKind: Record<string, number>;
  payload: { entry: typeof PAYLOAD_ENTRY; bytes: number; sha256: string };
  /** 'hub-records': the online push's checkpoint session this file stands for
   * (push-checkpoint.ts); central records it once every record is stored. */
  pushCheckpoint?: { id: string; session: string; seqs: Record<string, number> };
}

export type TransferErrorCode = 'TRANSFER_UNREADABLE' | 'TRANSFER_DAMAGED' | 'TRANSFER_FOREIGN' | 'TRANSFER_UNSUPPORTED';

/** One line a person can act on; nothing was changed when it is thrown. */
export class TransferFileError extends Error {
  override readonly name = 'TransferFileError';
  constructor(
    readonly code: TransferErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A document as it travels: the body with its revision history (`_revisions`),
 * so the receiver stores it with `new_edits: false` under the same `_rev`. */
export interface TransferDoc {
  _id: string;
  _rev: string;
  _revisions?: { start: number; ids: string[] };
  _deleted?: boolean;
  type?: string;
  [field: string]: unknown;
}
