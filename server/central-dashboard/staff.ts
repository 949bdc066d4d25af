// Central staff accounts, in central's own database `darasa-dashboard`
// (`_security`: server admins only — neither hubs nor anyone else reads it),
// one document `staff:<username>` each, passwords as scrypt hashes
// (server/auth/kdf.ts). The dashboard reaches it as central's administrator.
import { type CentralAdmin, couchExpect, couchRequest } from '../../sync/central/couch-http.ts';
import { hashSecret, type KdfParams, verifySecret } from '../auth/kdf.ts';
import type { CentralRole } from './capabilities.ts';

export const DASHBOARD_DB = 'darasa-dashboard';

export interface StaffDoc {
  _id: string;
  _rev?: string;
  type: 'staff';
  username: string;
  roles: CentralRole[];
  passwordHash: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface StaffAccount {
  username: string;
  roles: CentralRole[];
  active: boolean;
  createdAt: string;
}

export const USERNAME_PATTERN = '^[a-z0-9][a-z0-9._-]{1,39}$';
const staffId = (username: string) => `staff:${username}`;
const path = (id: string) => `/${DASHBOARD_DB}/${encodeURIComponent(id)}`;

export function publicAccount(doc: StaffDoc): StaffAccount {
  return { username: doc.username, roles: doc.roles, active: doc.active, createdAt: doc.createdAt };
}

export class StaffStore {
  constructor(
    private readonly central: CentralAdmin,
    private readonly kdf: KdfParams,
  ) {}

  /** Creates the database with admin-only `_security`. An explicit member
   * role only admins hold: an empty members list would make it public. */
  async ensure(): Promise<void> {
    await couchExpect(this.central, `create the database ${DASHBOARD_DB}`, 'PUT', `/${DASHBOARD_DB}`, undefined, [201, 202, 412]);
    await couchExpect(this.central, `protect ${DASHBOARD_DB}`, 'PUT', `/${DASHBOARD_DB}/_security`, { admins: { names: [], roles: [] }, members: { names: [], roles: ['_admin'] } }, [200]);
  }

  async get(username: string): Promise<StaffDoc | null> {
    const answer = await couchRequest<StaffDoc>(this.central, 'GET', path(staffId(username)));
    return answer.status === 200 ? answer.body : null;
  }

  async list(): Promise<StaffAccount[]> {
    const answer = await couchExpect<{ rows: { doc: StaffDoc }[] }>(
      this.central, 'list staff', 'GET', `/${DASHBOARD_DB}/_all_docs?include_docs=true&startkey=${encodeURIComponent('"staff:"')}&endkey=${encodeURIComponent('"staff:\ufff0"')}`, undefined, [200],
    );
    return answer.body.rows.map((row) => publicAccount(row.doc));
  }

  /** False when the username is taken. */
  async create(username: string, password: string, roles: CentralRole[]): Promise<StaffAccount | null> {
    const now = new Date().toISOString();
    const doc: StaffDoc = { _id: staffId(username), type: 'staff', username, roles, passwordHash: await hashSecret(password, this.kdf), active: true, createdAt: now, updatedAt: now };
    const answer = await couchRequest(this.central, 'PUT', path(doc._id), doc);
    if (answer.status === 409) return null;
    if (answer.status !== 201 && answer.status !== 202) throw new Error(`central refused to store staff ${username}: ${answer.status}`);
    return publicAccount(doc);
  }

  async update(username: string, change: { roles?: CentralRole[]; active?: boolean; password?: string }): Promise<StaffAccount | null> {
    const doc = await this.get(username);
    if (!doc) return null;
    const next: StaffDoc = { ...doc, ...(change.roles ? { roles: change.roles } : {}), ...(change.active !== undefined ? { active: change.active } : {}), updatedAt: new Date().toISOString() };
    if (change.password) next.passwordHash = await hashSecret(change.password, this.kdf);
    await couchExpect(this.central, `update staff ${username}`, 'PUT', path(doc._id), next, [201, 202]);
    return publicAccount(next);
  }

  async count(): Promise<number> {
    return (await this.list()).length;
  }

  /** The account when the password matches an active account, else null.
   * An unknown or deactivated name costs one derivation too, so the answer's
   * delay does not tell which names exist. */
  async check(username: string, password: string): Promise<StaffDoc | null> {
    const doc = await this.get(username);
    if (!doc || !doc.active) {
      await hashSecret(password, this.kdf);
      return null;
    }
    return (await verifySecret(password, doc.passwordHash)) ? doc : null;
  }
}
