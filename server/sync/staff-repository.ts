// Roaming staff on this hub, in the `local` database (never pushed: these are
// other hubs' people, and central refuses another hub's ids in this hub's
// database): one `roaming-staff:<username>` copy per staff account of another
// hub, pulled from central's `darasa-staff`, and this hub's bookkeeping of the
// exchange (`staff-exchange:<hubId>:state`): the checkpoint in central's
// changes, this hub's own accounts as central last held them, refusals.
import type { RoamingStaffDoc } from '../../sync/training-documents.ts';
import type { StaffAccountDoc } from '../../sync/staff/staff-documents.ts';
import type { Database } from '../store/open-database.ts';
import { isConflict, isNotFound, Repository } from '../store/repository.ts';

export interface StaffExchangeState {
  _id: string;
  _rev?: string;
  type: 'staff-exchange';
  /** Where the next read of central's changes starts. */
  since: string | number;
  /** This hub's accounts as central holds them (by username): what the next push compares with. */
  own: Record<string, StaffAccountDoc>;
  /** Accounts central refused (a username another hub holds), shown to the administrator. */
  refused: { username: string; reason: string; at: string }[];
  lastExchangeAt: string | null;
  createdAt: string;
}

export const roamingStaffId = (username: string) => `roaming-staff:${username.toLowerCase()}`;

export class RoamingStaffRepository {
  readonly #copies: Repository<RoamingStaffDoc>;

  constructor(
    private readonly db: Database,
    private readonly hubId: string,
  ) {
    this.#copies = new Repository<RoamingStaffDoc>(db, 'roaming-staff');
  }

  get(username: string): Promise<RoamingStaffDoc | null> {
    return this.#copies.get(roamingStaffId(username));
  }

  list(): Promise<RoamingStaffDoc[]> {
    return this.#copies.list();
  }

  /** The copy whose person this is (few roaming staff per hub: a scan of the type's range). */
  async byPersonId(personId: string): Promise<RoamingStaffDoc | null> {
    return (await this.list()).find((doc) => doc.personId === personId) ?? null;
  }

  put(doc: RoamingStaffDoc): Promise<RoamingStaffDoc> {
    return this.#copies.put(doc);
  }

  async remove(username: string): Promise<void> {
    const doc = await this.get(username);
    if (doc) await this.db.remove(doc._id, doc._rev!).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
  }

  get #stateId() {
    return `staff-exchange:${this.hubId}:state`;
  }

  async getState(): Promise<StaffExchangeState> {
    try {
      return (await this.db.get(this.#stateId)) as unknown as StaffExchangeState;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return { _id: this.#stateId, type: 'staff-exchange', since: 0, own: {}, refused: [], lastExchangeAt: null, createdAt: new Date().toISOString() };
    }
  }

  /** Read, change, write; again from a fresh read if another write came between. */
  async updateState(change: (state: StaffExchangeState) => void): Promise<StaffExchangeState> {
    for (;;) {
      const state = await this.getState();
      change(state);
      try {
        const result = await this.db.put(state as never);
        return { ...state, _rev: result.rev };
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
  }
}
