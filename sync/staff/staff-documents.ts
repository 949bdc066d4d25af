// Roaming staff (issue 9): a teacher or trainer signs in on every truck with
// the account their home hub made. Central keeps one `staff-account` document
// per username in the database `darasa-staff`, which every hub reads and writes
// under the validator in staff-validator.ts:
//   staff-account:<username, lower case>
// Only the fields below travel: the salted scrypt hash of the password (never
// the password), the names a visiting truck shows, the staff roles (teacher,
// trainer: the admin role never roams) and the status. Learners never roam:
// their PINs, hashes and names stay on their hub.

export const STAFF_DB = 'darasa-staff';

/** Roles that travel with a staff account; the others stay on the home hub. */
export const ROAMING_ROLES = ['teacher', 'trainer'] as const;

/** Who disabled an account: a hub id, or `central` (its administrator). */
export const DISABLED_AT_CENTRAL = 'central';

/** What travels of a staff account (and what a hub keeps of another hub's). */
export interface StaffAccountFields {
  /** Lower case, as it is typed at sign-in on any hub. */
  username: string;
  /** The person on the home hub (`person:<homeHubId>:<localId>`). */
  personId: string;
  homeHubId: string;
  /** Teacher and/or trainer. */
  roles: string[];
  givenName: string;
  familyName: string;
  /** `scrypt$N$r$p$salt$hash` (server/auth/kdf.ts); the password itself never travels. */
  passwordHash: string;
  active: boolean;
  disabledAt?: string;
  /** A hub id or `central`. */
  disabledBy?: string;
  updatedAt: string;
}

export interface StaffAccountDoc extends StaffAccountFields {
  _id: string;
  _rev?: string;
  type: 'staff-account';
}

/** The fields central's administrator lists: all but the hash. */
export type StaffAccountSummary = Omit<StaffAccountFields, 'passwordHash'>;

/** Every field a staff account may carry at central (besides `_id`, `_rev`). */
export const STAFF_ACCOUNT_FIELDS = ['type', 'username', 'personId', 'homeHubId', 'roles', 'givenName', 'familyName', 'passwordHash', 'active', 'disabledAt', 'disabledBy', 'updatedAt'] as const;

export function staffAccountId(username: string): string {
  return `staff-account:${username.toLowerCase()}`;
}

export function usernameOfStaffId(id: string): string | null {
  return id.startsWith('staff-account:') ? id.slice('staff-account:'.length) : null;
}

/** The roles of a person that roam (teacher, trainer), in a stable order. */
export function roamingRolesOf(roles: readonly string[]): string[] {
  return ROAMING_ROLES.filter((role) => roles.includes(role));
}

export function isStaffAccountDoc(value: unknown): value is StaffAccountDoc {
  const doc = value as Partial<StaffAccountDoc> | null;
  return Boolean(
    doc &&
      doc.type === 'staff-account' &&
      typeof doc._id === 'string' &&
      typeof doc.username === 'string' &&
      doc._id === staffAccountId(doc.username) &&
      typeof doc.personId === 'string' &&
      typeof doc.homeHubId === 'string' &&
      doc.personId.startsWith(`person:${doc.homeHubId}:`) &&
      Array.isArray(doc.roles) &&
      typeof doc.passwordHash === 'string' &&
      typeof doc.active === 'boolean',
  );
}

/** Only the travelling fields, in a fixed order (what a hub sends, and what it compares). */
export function pickStaffAccount(doc: StaffAccountDoc): StaffAccountDoc {
  const out: Record<string, unknown> = { _id: doc._id };
  if (doc._rev) out._rev = doc._rev;
  for (const key of STAFF_ACCOUNT_FIELDS) if (doc[key] !== undefined) out[key] = doc[key];
  return out as unknown as StaffAccountDoc;
}

/** What a hub compares to know whether its account changed since central last had it. */
export function staffAccountDigest(doc: Pick<StaffAccountDoc, 'username' | 'personId' | 'homeHubId' | 'roles' | 'givenName' | 'familyName' | 'passwordHash' | 'active'>): string {
  return JSON.stringify([doc.username, doc.personId, doc.homeHubId, [...doc.roles].sort(), doc.givenName, doc.familyName, doc.passwordHash, doc.active]);
}
