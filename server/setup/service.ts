// First-run setup and the hub's settings. Operations:
//   setUpHub        — name the hub, its country and language, create the first
//                     administrator; once only (SETUP_DONE after)
//   readSettings / changeSettings — for the administrator's settings page
//   resetAdminPassword — the console's recovery path (no email on a truck)
// Setup writes the administrator first and the settings document last: the
// settings document is what marks setup as done, so a power cut in between
// leaves a hub that still asks for setup, and the retry takes over the
// half-made administrator rather than refusing its username.
import type { HubSettingsDoc } from '../../sync/documents.ts';
import type { Person } from '../people/person-record.ts';
import type { Accounts } from '../auth/accounts.ts';
import { Errors } from '../errors.ts';
import { createPerson, updatePerson } from '../people/service.ts';
import { isConflict } from '../store/repository.ts';
import type { SetupBody, Settings, SettingsChange } from './schemas.ts';
import type { UpdatePersonBody } from '../people/schemas.ts';

const running = new WeakMap<Accounts, Promise<unknown>>();

export function settingsView(doc: HubSettingsDoc): Settings {
  return { hubName: doc.name, country: doc.country, defaultLanguage: doc.defaultLanguage, allowNoPin: doc.allowNoPin, learnerIdleMinutes: doc.learnerIdleMinutes };
}

/** One setup at a time in this process; the second finds setup done. */
export function setUpHub(accounts: Accounts, input: SetupBody): Promise<{ settings: HubSettingsDoc; admin: Person }> {
  const previous = running.get(accounts) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => runSetup(accounts, input));
  running.set(accounts, next);
  return next;
}

async function runSetup(accounts: Accounts, input: SetupBody): Promise<{ settings: HubSettingsDoc; admin: Person }> {
  if (await accounts.settings.read()) throw new Errors.SETUP_DONE();
  const username = input.admin.username.toLowerCase();
  const names = { givenName: input.admin.givenName ?? input.admin.username, familyName: input.admin.familyName ?? 'Admin' };
  const leftover = await accounts.people.personIdForUsername(username);
  const admin = leftover && (await accounts.people.getPerson(leftover))
    ? await updatePerson(accounts, leftover, { ...names, roles: ['admin'], password: input.admin.password, active: true }, null)
    : await createPerson(accounts, { ...names, roles: ['admin'], username, password: input.admin.password }, null);
  try {
    const settings = await accounts.settings.create({ name: input.hubName.trim(), country: input.country, defaultLanguage: input.language });
    return { settings, admin };
  } catch (error) {
    if (isConflict(error)) throw new Errors.SETUP_DONE();
    throw error;
  }
}

export async function readSettings(accounts: Accounts): Promise<HubSettingsDoc> {
  const settings = await accounts.settings.read();
  if (!settings) throw new Errors.SETUP_REQUIRED();
  return settings;
}

export async function changeSettings(accounts: Accounts, change: SettingsChange): Promise<HubSettingsDoc> {
  await readSettings(accounts);
  const { hubName, ...rest } = change;
  return accounts.settings.update({ ...rest, ...(hubName !== undefined ? { name: hubName.trim() } : {}) });
}

/** Sets a new password for `username` and makes sure they are an active
 * administrator; creates that administrator if nobody holds the username.
 * Unlocks the account and ends its sessions. For the console only. */
export async function resetAdminPassword(accounts: Accounts, username: string, password: string): Promise<{ person: Person; created: boolean }> {
  const name = username.toLowerCase();
  const id = await accounts.people.personIdForUsername(name);
  const person = id ? await accounts.people.getPerson(id) : null;
  if (person) {
    const roles = person.roles.includes('admin') ? person.roles : [...person.roles, 'admin'];
    const updated = await updatePerson(accounts, person._id, { roles: roles as UpdatePersonBody['roles'], password, active: true }, null);
    await accounts.lockout.unlockAccount(person._id);
    return { person: updated, created: false };
  }
  const created = await createPerson(accounts, { givenName: name, familyName: 'Admin', roles: ['admin'], username: name, password }, null);
  return { person: created, created: true };
}
