// The only code that touches people's documents: `person` in the `hub` database
// (replicates later), and in the `local` database, which never leaves the hub,
// the `account` (username, password and PIN hashes) and `username` claims.
// A username is claimed by writing `username:<name>` with a fixed id: PouchDB
// refuses the second writer with a conflict, so two people never share one,
// even when two admins press Save at the same moment.
import type { BaseDoc, PersonDoc } from '../../sync/documents.ts';
import { isConflict, isNotFound, Repository } from '../store/repository.ts';
import type { Store } from '../store/store.ts';

export interface AccountDoc extends BaseDoc {
  type: 'account';
  personId: string;
  username?: string;
  passwordHash?: string;
  pinHash?: string;
  updatedAt: string;
}

interface UsernameDoc extends BaseDoc {
  type: 'username';
  personId: string;
}

export class PeopleRepository {
  readonly people: Repository<PersonDoc>;
  readonly #accounts: Repository<AccountDoc>;
  readonly #usernames: Repository<UsernameDoc>;
  readonly #local;
  readonly #hub;
  readonly hubId: string;

  constructor(store: Store) {
    this.people = new Repository<PersonDoc>(store.databases.hub, 'person');
    this.#accounts = new Repository<AccountDoc>(store.databases.local, 'account');
    this.#usernames = new Repository<UsernameDoc>(store.databases.local, 'username');
    this.#local = store.databases.local;
    this.#hub = store.databases.hub;
    this.hubId = store.hubId;
  }

  newPersonId(): string {
    return this.people.newId(this.hubId);
  }

  getPerson(id: string): Promise<PersonDoc | null> {
    return id.startsWith('person:') ? this.people.get(id) : Promise.resolve(null);
  }

  listPeople(): Promise<PersonDoc[]> {
    return this.people.list();
  }

  putPerson(doc: PersonDoc): Promise<PersonDoc> {
    return this.people.put(doc);
  }

  /** Writes many new people in one LevelDB batch: all are written or none. */
  async putPeople(docs: PersonDoc[]): Promise<void> {
    const results = await this.#hub.bulkDocs(docs);
    const failed = results.find((result) => 'error' in result && result.error);
    if (failed) throw new Error(`bulk write of people failed: ${JSON.stringify(failed)}`);
  }

  getAccount(personId: string): Promise<AccountDoc | null> {
    return this.#accounts.get(`account:${personId}`);
  }

  async putAccount(personId: string, change: Partial<Pick<AccountDoc, 'username' | 'passwordHash' | 'pinHash'>>): Promise<AccountDoc> {
    const current = await this.getAccount(personId);
    const now = new Date().toISOString();
    const doc: AccountDoc = current
      ? { ...current, ...change, updatedAt: now }
      : { _id: `account:${personId}`, type: 'account', personId, createdAt: now, updatedAt: now, ...change };
    for (const key of ['username', 'passwordHash', 'pinHash'] as const) if (doc[key] === undefined) delete doc[key];
    return this.#accounts.put(doc);
  }

  async putAccounts(docs: AccountDoc[]): Promise<void> {
    if (docs.length > 0) await this.#local.bulkDocs(docs);
  }

  /** The person who holds a username, or null. */
  async personIdForUsername(username: string): Promise<string | null> {
    const claim = await this.#usernames.get(`username:${username.toLowerCase()}`);
    return claim?.personId ?? null;
  }

  /** Claims a username for a person; false when someone else holds it. Claiming
   * one's own username again is a no-op. */
  async claimUsername(username: string, personId: string): Promise<boolean> {
    const id = `username:${username.toLowerCase()}`;
    try {
      await this.#usernames.put({ _id: id, type: 'username', personId, createdAt: new Date().toISOString() });
      return true;
    } catch (error) {
      if (!isConflict(error)) throw error;
      const holder = await this.#usernames.get(id);
      return holder?.personId === personId;
    }
  }

  async releaseUsername(username: string): Promise<void> {
    const id = `username:${username.toLowerCase()}`;
    const doc = await this.#usernames.get(id);
    if (!doc) return;
    await this.#local.remove(id, doc._rev!).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  }
}
