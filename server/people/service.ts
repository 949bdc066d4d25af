// People: the rules. Operations:
//   createPerson   — a learner (teachers, admins) or staff (admins only)
//   updatePerson   — edit, change roles, set password/PIN, deactivate
//   listPeople     — search and list, for staff
//   viewPerson     — the public shape: never a hash, never a secret
// Invariants: a person belongs to the hub that created it, and only that hub
// edits it; a username is held by one person; staff need a username and a
// password; the hub always keeps one active administrator; a change of secret,
// role or status ends the person's open sessions.
import { parseDocId } from '../../sync/ids.ts';
import type { Accounts } from '../auth/accounts.ts';
import { can, isStaff } from '../auth/capabilities.ts';
import { hashSecret } from '../auth/kdf.ts';
import { displayNameOf, toSessionUser, type SessionUser } from '../auth/user.ts';
import { Errors } from '../errors.ts';
import type { CreatePersonBody, PeopleQuery, PersonView, UpdatePersonBody } from './schemas.ts';
import { ageBandFor, type Person } from './person-record.ts';

const PROFILE_KEYS = ['gender', 'birthYear', 'ageBand', 'community', 'language', 'guardianContact', 'noPin'] as const;

export function viewPerson(accounts: Accounts, doc: Person): PersonView {
  const view: PersonView = {
    id: doc._id,
    givenName: doc.givenName,
    familyName: doc.familyName,
    displayName: displayNameOf(doc),
    roles: doc.roles,
    hasPin: Boolean(doc.hasPin),
    hasPassword: Boolean(doc.username),
    active: doc.active,
    locked: accounts.lockout.accountState(doc._id).locked,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
  if (doc.username) view.username = doc.username;
  for (const key of PROFILE_KEYS) if (doc[key] !== undefined) (view as Record<string, unknown>)[key] = doc[key];
  return view;
}

/** Who may touch this person at all: staff records need people.manage, and
 * people of other hubs are read-only here (one writer per document). */
function assertMayEdit(accounts: Accounts, actor: SessionUser | null, target: Pick<Person, '_id' | 'roles'>, newRoles?: string[]): void {
  if (parseDocId(target._id)?.hubId !== accounts.hubId) throw new Errors.NOT_OWN_HUB();
  if (!actor) return; // the console (CLI) and first-run setup
  const touchesStaff = isStaff(target.roles) || (newRoles !== undefined && isStaff(newRoles));
  if (touchesStaff && !can(actor.roles, 'people.manage')) throw new Errors.FORBIDDEN('people.manage');
}

async function claimUsername(accounts: Accounts, username: string, personId: string): Promise<void> {
  // A visiting teacher's or trainer's username (roaming staff) is theirs on every truck.
  if (await accounts.people.roamingAccount(username)) throw new Errors.USERNAME_TAKEN(username);
  if (await accounts.people.claimUsername(username, personId)) return;
  // A claim left by an interrupted write (crash between claim and person) may be taken over.
  const holder = await accounts.people.personIdForUsername(username);
  if (holder && !(await accounts.people.getPerson(holder))) {
    await accounts.people.releaseUsername(username);
    if (await accounts.people.claimUsername(username, personId)) return;
  }
  throw new Errors.USERNAME_TAKEN(username);
}

export async function createPerson(accounts: Accounts, input: CreatePersonBody, actor: SessionUser | null): Promise<Person> {
  const id = accounts.people.newPersonId();
  assertMayEdit(accounts, actor, { _id: id, roles: input.roles });
  if (isStaff(input.roles) && (!input.username || !input.password)) {
    throw new Errors.PERSON_INVALID('teachers, trainers and administrators need a username and a password');
  }
  if (input.password && !input.username) throw new Errors.PERSON_INVALID('a password needs a username');
  const username = input.username?.toLowerCase();
  if (username) await claimUsername(accounts, username, id);
  try {
    const { kdf, pinKdf } = accounts.config;
    const [passwordHash, pinHash] = await Promise.all([
      input.password ? hashSecret(input.password, kdf) : undefined,
      input.pin ? hashSecret(input.pin, pinKdf) : undefined,
    ]);
    if (username || passwordHash || pinHash) await accounts.people.putAccount(id, { username, passwordHash, pinHash });
    const now = new Date().toISOString();
    const doc: Person = {
      _id: id,
      type: 'person',
      createdAt: now,
      updatedAt: now,
      givenName: input.givenName.trim(),
      familyName: input.familyName.trim(),
      roles: [...input.roles],
      active: true,
      ...(username ? { username } : {}),
      ...(pinHash ? { hasPin: true } : {}),
    };
    for (const key of PROFILE_KEYS) if (input[key] !== undefined) (doc as unknown as Record<string, unknown>)[key] = input[key];
    if (typeof doc.community === 'string') doc.community = doc.community.trim();
    if (input.birthYear !== undefined && input.ageBand === undefined) doc.ageBand = ageBandFor(input.birthYear);
    return await accounts.people.putPerson(doc);
  } catch (error) {
    if (username) await accounts.people.releaseUsername(username).catch(() => undefined);
    throw error;
  }
}

async function countActiveAdmins(accounts: Accounts): Promise<number> {
  return (await accounts.people.listPeople()).filter((p) => p.active && p.roles.includes('admin')).length;
}

export async function updatePerson(accounts: Accounts, id: string, change: UpdatePersonBody, actor: SessionUser | null): Promise<Person> {
  const current = await accounts.people.getPerson(id);
  if (!current) throw new Errors.NOT_FOUND(id);
  assertMayEdit(accounts, actor, current, change.roles);
  const next: Person = { ...current, updatedAt: new Date().toISOString() };
  if (change.givenName !== undefined) next.givenName = change.givenName.trim();
  if (change.familyName !== undefined) next.familyName = change.familyName.trim();
  if (change.roles !== undefined) next.roles = [...change.roles];
  if (change.active !== undefined) next.active = change.active;
  for (const key of PROFILE_KEYS) if (change[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = change[key];
  // The birth year stays on the hub; the age band derived from it is what central sees.
  if (change.birthYear !== undefined && change.ageBand === undefined) next.ageBand = ageBandFor(change.birthYear);

  const wasAdmin = current.active && current.roles.includes('admin');
  if (wasAdmin && (!next.active || !next.roles.includes('admin')) && (await countActiveAdmins(accounts)) <= 1) {
    throw new Errors.PERSON_INVALID('the hub must keep at least one active administrator');
  }
  const username = change.username?.toLowerCase();
  if (isStaff(next.roles) && !(username ?? next.username)) throw new Errors.PERSON_INVALID('teachers, trainers and administrators need a username and a password');
  const account = await accounts.people.getAccount(id);
  if (isStaff(next.roles) && !change.password && !account?.passwordHash) throw new Errors.PERSON_INVALID('teachers, trainers and administrators need a username and a password');

  if (username && username !== current.username) await claimUsername(accounts, username, id);
  const { kdf, pinKdf } = accounts.config;
  const [passwordHash, pinHash] = await Promise.all([
    change.password ? hashSecret(change.password, kdf) : undefined,
    change.pin ? hashSecret(change.pin, pinKdf) : undefined,
  ]);
  if (username || passwordHash || pinHash) {
    await accounts.people.putAccount(id, { ...(username ? { username } : {}), ...(passwordHash ? { passwordHash } : {}), ...(pinHash ? { pinHash } : {}) });
  }
  if (username) next.username = username;
  if (pinHash) next.hasPin = true;
  const saved = await accounts.people.putPerson(next);
  if (username && current.username && username !== current.username) await accounts.people.releaseUsername(current.username);

  // New secret, roles or status: whoever holds an open session must sign in again.
  const rolesChanged = change.roles !== undefined && [...change.roles].sort().join() !== [...current.roles].sort().join();
  if (passwordHash || pinHash || rolesChanged || !saved.active) await accounts.sessions.endAllFor(id);
  else await accounts.sessions.refresh(toSessionUser(saved));
  if (pinHash || passwordHash) await accounts.lockout.unlockAccount(id);
  return saved;
}

export async function listPeople(accounts: Accounts, query: PeopleQuery): Promise<{ people: Person[]; total: number }> {
  const needle = query.q?.trim().toLocaleLowerCase();
  const matches = (await accounts.people.listPeople()).filter((p) => {
    if (!query.includeInactive && !p.active) return false;
    if (query.role && !p.roles.includes(query.role)) return false;
    if (!needle) return true;
    return [p.givenName, p.familyName, displayNameOf(p), p.username ?? '', p.community ?? ''].some((field) => field.toLocaleLowerCase().includes(needle));
  });
  matches.sort((a, b) => displayNameOf(a).localeCompare(displayNameOf(b)));
  const offset = query.offset ?? 0;
  return { people: matches.slice(offset, offset + (query.limit ?? 200)), total: matches.length };
}
