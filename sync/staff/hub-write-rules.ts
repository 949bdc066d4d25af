// Central's rules for a hub writing a staff account, applied in code where
// CouchDB cannot apply them: a hub's USB file is imported at central by its
// administrator, who gets past validate_doc_update. Not a second copy of the
// rules: this runs the very function CouchDB runs (staff-validator.ts), with
// the hub's CouchDB identity as the caller, in Node's vm (our own code, not a
// sandbox for untrusted code).
import vm from 'node:vm';
import { hubUsername } from '../central/pairing.ts';
import { HUB_ROLE } from '../central/provision.ts';
import { STAFF_ACCOUNT_FIELDS } from './staff-documents.ts';
import { STAFF_VALIDATE_DOC_UPDATE } from './staff-validator.ts';

type Validator = (newDoc: object, oldDoc: object | null, userCtx: object, secObj: object) => void;
let compiled: Validator | null = null;

/** Why central's validator would refuse hub `hubId` writing `newDoc` over
 * `oldDoc` (central's current version, null if none), or null if it allows it. */
export function staffWriteRefusal(hubId: string, newDoc: object, oldDoc: object | null): string | null {
  compiled ??= vm.runInNewContext(`(${STAFF_VALIDATE_DOC_UPDATE})`, {}) as Validator;
  try {
    // Copies: the validator must not see (or keep) objects of this realm.
    compiled(structuredClone(newDoc), oldDoc ? structuredClone(oldDoc) : null, { name: hubUsername(hubId), roles: [HUB_ROLE] }, {});
    return null;
  } catch (error) {
    const forbidden = (error as { forbidden?: unknown } | null)?.forbidden;
    if (typeof forbidden === 'string') return forbidden;
    throw error;
  }
}

/** Whether two versions of an account carry the same travelling fields (revisions aside). */
export function sameStaffAccount(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return STAFF_ACCOUNT_FIELDS.every((key) => JSON.stringify(x[key]) === JSON.stringify(y[key]));
}

/** The generation of a CouchDB revision (`3-abc…` → 3; none → 0). */
export function revisionGeneration(rev: string | undefined): number {
  const n = Number.parseInt(rev ?? '', 10);
  return Number.isSafeInteger(n) ? n : 0;
}
