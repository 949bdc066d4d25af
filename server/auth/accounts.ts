// Everything people and sign-in need, opened from a Store: the hub settings,
// the people repository, sessions and lockout counters. The `auth` plugin builds
// one for the running hub; CLI commands (hub stopped) build their own, so a
// password reset from the console ends the person's sessions just the same.
import type { AuthConfig } from '../config.ts';
import type { Store } from '../store/store.ts';
import { DEFAULT_LEARNER_IDLE_MINUTES, HubSettingsRepository } from '../setup/repository.ts';
import { PeopleRepository } from '../people/repository.ts';
import { SessionStore } from './sessions.ts';
import { Lockout } from './lockout.ts';

export interface Accounts {
  config: AuthConfig;
  hubId: string;
  settings: HubSettingsRepository;
  people: PeopleRepository;
  sessions: SessionStore;
  lockout: Lockout;
}

export async function openAccounts(store: Store, config: AuthConfig): Promise<Accounts> {
  const settings = new HubSettingsRepository(store);
  await settings.read();
  const sessions = new SessionStore(store.databases.local, {
    learnerIdleMs: () => config.learnerIdleMs ?? (settings.peek()?.learnerIdleMinutes ?? DEFAULT_LEARNER_IDLE_MINUTES) * 60_000,
    staffIdleMs: config.staffIdleMs,
  });
  const lockout = new Lockout(store.databases.local);
  await Promise.all([sessions.load(), lockout.load()]);
  return { config, hubId: store.hubId, settings, people: new PeopleRepository(store), sessions, lockout };
}

/** Waits for session and lockout writes in flight, before the databases close. */
export async function flushAccounts(accounts: Accounts): Promise<void> {
  await Promise.all([accounts.sessions.flush(), accounts.lockout.flush()]);
}
