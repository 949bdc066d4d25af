// The only code that touches people's documents. A person is two documents,
// written and read together (person-record.ts): the pseudonymous `person` in
// the `hub` database, which replicates to central, and its `person-private`
// twin (names, username, birth year, community, guardian contact) in the
// `local` database, which never leaves the hub. The local database also holds
// the `account` (username, password and PIN hashes) and `username` claims.
// One logical write, two documents: the private one is written first, so a
// power cut in between leaves either a private document no person points at
// (a create that was never acknowledged; it is never read) or new names beside
// the person's previous fields (an edit that was never acknowledged). Reads
// tolerate a missing private document. Nothing acknowledged is lost either way.
// A username is claimed by writing `username:<name>` with a fixed id: PouchDB
// refuses the second writer with a conflict, so two people never share one,
// even when two admins press Save at the same moment.
// Staff of other hubs who visit (roaming staff, server/sync/staff-exchange.ts)
// are read through here too: `getPerson` of another hub's person id answers
// from their roaming copy, so classes, sessions and authoring show them; they
// are never in `listPeople` (this hub's own people).
import { personPrivateId, type BaseDoc, type PersonDoc, type PersonPrivateDoc } from '../../sync/documents.ts';
import { isConflict, isNotFound, Repository } from '../store/repository.ts';
import type { Store } from '../store/store.ts';
import { mergePerson, privateDocOf, samePersonalFields, splitPerson, type Person } from './person-record.ts';
import { RoamingStaffRepository } from '../sync/staff-repository.ts';
import type { RoamingStaffDoc } from '../../sync/training-documents.ts';
import { parseDocId } from '../../sync/ids.ts';

export type { Person };

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
  readonly #private: Repository<PersonPrivateDoc>;
  readonly #accounts: Repository<AccountDoc>;
  readonly #usernames: Repository<UsernameDoc>;
  readonly #local;
  readonly #hub;
  readonly hubId: string;
  /** Staff accounts of other hubs, pulled from central. */
  readonly roaming: RoamingStaffRepository;
  readonly #writing = new Map<string, Promise<Person>>();

  constructor(store: Store) {
    this.people = new Repository<PersonDoc>(store.databases.hub, 'person');
    this.#private = new Repository<PersonPrivateDoc>(store.databases.local, 'person-private');
    this.#accounts = new Repository<AccountDoc>(store.databases.local, 'account');
    this.#usernames = new Repository<UsernameDoc>(store.databases.local, 'username');
    this.#local = store.databases.local;
    this.#hub = store.databases.hub;
    this.hubId = store.hubId;
    this.roaming = new RoamingStaffRepository(store.databases.local, store.hubId);
  }

  newPersonId(): string {
    return this.people.newId(this.hubId);
  }

  async getPerson(id: string): Promise<Person | null> {
    if (!id.startsWith('person:')) return null;
    const [doc, secret] = await Promise.all([this.people.get(id), this.#private.get(personPrivateId(id))]);
    if (doc) return mergePerson(doc, secret);
    const home = parseDocId(id)?.hubId;
    if (!home || home === this.hubId) return null;
    const visiting = await this.roaming.byPersonId(id);
    return visiting ? roamingPerson(visiting) : null;
  }

  /** A staff account of another hub by username, pulled from central (sign-in
   * asks only when no person of this hub holds the username). */
  roamingAccount(username: string): Promise<RoamingStaffDoc | null> {
    return this.roaming.get(username);
  }

  /** Every person on this hub, with their personal fields. */
  async listPeople(): Promise<Person[]> {
    const [docs, secrets] = await Promise.all([this.people.list(), this.#private.list()]);
    const byPerson = new Map(secrets.map((secret) => [secret.personId, secret]));
    return docs.map((doc) => mergePerson(doc, byPerson.get(doc._id) ?? null));
  }

  /** Writes a person (create, or update when `_rev` is given): the private
   * document first (only when its fields changed), then the person document.
   * Resolves once both are on disk. */
  putPerson(person: Person): Promise<Person> {
    // One write per person at a time (the hub is one process): the revision
    // check below then holds until both documents are written, so the loser
    // of two simultaneous edits is refused before it touches the names.
    const previous = this.#writing.get(person._id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.#putPerson(person));
    this.#writing.set(person._id, next);
    void next.catch(() => undefined).finally(() => {
      if (this.#writing.get(person._id) === next) this.#writing.delete(person._id);
    });
    return next;
  }

  async #putPerson(person: Person): Promise<Person> {
    const { doc, personal } = splitPerson(person);
    const [current, stored] = await Promise.all([this.people.get(person._id), this.#private.get(personPrivateId(person._id))]);
    if ((current?._rev ?? undefined) !== (person._rev ?? undefined)) {
      throw Object.assign(new Error(`${person._id} changed since it was read`), { status: 409, name: 'conflict' });
    }
    const secret = samePersonalFields(stored, personal) ? stored : await this.#private.put(privateDocOf(person._id, personal, person.updatedAt, stored));
    return mergePerson(await this.people.put(doc), secret);
  }

  /** Writes many new people: every private document in one LevelDB batch, then
   * every person document in another, so all are written or none (a cut in
   * between leaves private documents that no person points at, never read). */
  async putPeople(people: Person[]): Promise<void> {
    const parts = people.map((person) => ({ ...splitPerson(person), person }));
    await this.#bulk(this.#local, parts.map(({ person, personal }) => privateDocOf(person._id, personal, person.updatedAt, null)));
    await this.#bulk(this.#hub, parts.map(({ doc }) => doc));
  }

  async #bulk(db: Store['databases']['hub'], docs: object[]): Promise<void> {
    if (docs.length === 0) return;
    const results = await db.bulkDocs(docs);
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

/** A visiting staff member as a person of this hub's code: their home person
 * id, their names and staff roles, active as their account is. */
export function roamingPerson(doc: RoamingStaffDoc): Person {
  return {
    _id: doc.personId,
    type: 'person',
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    roles: [...doc.roles],
    active: doc.active,
    givenName: doc.givenName,
    familyName: doc.familyName,
    username: doc.username,
  };
}
