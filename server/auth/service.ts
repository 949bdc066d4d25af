// Sign-in: the rules. Operations:
//   signInStaff    — username + password (this hub's staff, or roaming staff
//                    of another hub: server/sync/staff-exchange.ts)
//   signInLearner  — person id (picked in the grid) + 4-digit PIN, or no PIN
//                    for a child flagged noPin where the hub allows it
//   learnersForPicker — who appears in the sign-in grid
// Order matters: a locked address or account is refused before any secret is
// checked (no oracle while locked); an unknown account costs the same scrypt
// time as a known one; an inactive account is only told so after a correct
// secret, so the answer does not reveal who exists.
import type { Person } from '../people/person-record.ts';
import { roamingPerson } from '../people/repository.ts';
import { Errors } from '../errors.ts';
import type { Accounts } from './accounts.ts';
import { isStaff } from './capabilities.ts';
import { burnTime, verifySecret } from './kdf.ts';
import type { Session } from './sessions.ts';
import { toSessionUser } from './user.ts';

export interface SignedIn {
  token: string;
  session: Session;
}

function assertAddressOpen(accounts: Accounts, address: string): void {
  const state = accounts.lockout.addressState(address);
  if (state.locked) throw new Errors.TOO_MANY_ATTEMPTS(state.minutesLeft);
}

function assertAccountOpen(accounts: Accounts, personId: string): void {
  const state = accounts.lockout.accountState(personId);
  if (state.locked) throw new Errors.ACCOUNT_LOCKED(state.minutesLeft);
}

async function refuse(accounts: Accounts, personId: string | null, address: string, secret: 'pin' | 'password'): Promise<never> {
  await accounts.lockout.recordFailure(personId, address, secret);
  // The try that reaches the limit is told at once, so a child knows to ask the teacher.
  if (personId) assertAccountOpen(accounts, personId);
  assertAddressOpen(accounts, address);
  throw new Errors.INVALID_CREDENTIALS();
}

async function assertSetUp(accounts: Accounts): Promise<void> {
  if (!(await accounts.settings.read())) throw new Errors.SETUP_REQUIRED();
}

async function accept(accounts: Accounts, person: Person, address: string): Promise<SignedIn> {
  if (!person.active) throw new Errors.ACCOUNT_INACTIVE();
  await accounts.lockout.recordSuccess(person._id);
  return accounts.sessions.start(toSessionUser(person), isStaff(person.roles) ? 'staff' : 'learner', address);
}

export async function signInStaff(accounts: Accounts, input: { username: string; password: string }, address: string): Promise<SignedIn> {
  await assertSetUp(accounts);
  assertAddressOpen(accounts, address);
  const { person, passwordHash } = await staffAccount(accounts, input.username);
  if (person) assertAccountOpen(accounts, person._id);
  if (!person || !passwordHash) {
    await burnTime(accounts.config.kdf);
    return refuse(accounts, null, address, 'password');
  }
  if (!(await verifySecret(input.password, passwordHash))) return refuse(accounts, person._id, address, 'password');
  return accept(accounts, person, address);
}

/** Who holds a username: a person of this hub, or else a visiting staff member
 * whose account came from central (roaming staff; a local username always
 * wins). A roaming account is checked against its salted hash as it came from
 * the home hub, and is refused like any other once disabled. */
async function staffAccount(accounts: Accounts, username: string): Promise<{ person: Person | null; passwordHash: string | null }> {
  const personId = await accounts.people.personIdForUsername(username);
  if (personId) {
    const [person, account] = await Promise.all([accounts.people.getPerson(personId), accounts.people.getAccount(personId)]);
    return { person, passwordHash: account?.passwordHash ?? null };
  }
  const visiting = await accounts.people.roamingAccount(username);
  return visiting ? { person: roamingPerson(visiting), passwordHash: visiting.passwordHash } : { person: null, passwordHash: null };
}

export async function signInLearner(accounts: Accounts, input: { personId: string; pin?: string }, address: string): Promise<SignedIn> {
  const settings = await accounts.settings.read();
  if (!settings) throw new Errors.SETUP_REQUIRED();
  assertAddressOpen(accounts, address);
  const person = await accounts.people.getPerson(input.personId);
  if (!person || !person.roles.includes('learner')) {
    await burnTime(accounts.config.pinKdf);
    return refuse(accounts, null, address, 'pin');
  }
  assertAccountOpen(accounts, person._id);
  if (input.pin === undefined) {
    if (person.noPin && settings.allowNoPin) return accept(accounts, person, address);
    return refuse(accounts, person._id, address, 'pin');
  }
  const account = await accounts.people.getAccount(person._id);
  if (!account?.pinHash) {
    await burnTime(accounts.config.pinKdf);
    return refuse(accounts, person._id, address, 'pin');
  }
  if (!(await verifySecret(input.pin, account.pinHash))) return refuse(accounts, person._id, address, 'pin');
  return accept(accounts, person, address);
}

export interface PickerEntry {
  id: string;
  /** Given name and the family name's initial: enough to find oneself, less to read over a shoulder. */
  displayName: string;
  initials: string;
  noPin: boolean;
}

export async function learnersForPicker(accounts: Accounts): Promise<PickerEntry[]> {
  const settings = await accounts.settings.read();
  if (!settings) return [];
  return (await accounts.people.listPeople())
    .filter((p) => p.active && p.roles.includes('learner') && (p.hasPin || (p.noPin && settings.allowNoPin)))
    .map((p) => ({
      id: p._id,
      displayName: [p.givenName, p.familyName ? `${p.familyName.charAt(0)}.` : ''].filter(Boolean).join(' '),
      initials: `${p.givenName.charAt(0)}${p.familyName.charAt(0)}`.toLocaleUpperCase(),
      noPin: Boolean(p.noPin && settings.allowNoPin),
    }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}
