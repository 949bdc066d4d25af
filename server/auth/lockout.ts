// Throttling of PIN and password guessing. A 4-digit PIN falls to 10,000 tries,
// so wrong answers are counted per account and per workstation address:
//   - an account is locked after MAX_PIN_FAILURES wrong PINs (or
//     MAX_PASSWORD_FAILURES wrong passwords) in a row, until a teacher unlocks
//     it or LOCK_MINUTES pass; a success resets its count;
//   - an address is refused for LOCK_MINUTES after MAX_ADDRESS_FAILURES wrong
//     answers within LOCK_MINUTES, whatever accounts they were aimed at, and a
//     success does not reset it (a guesser could interleave a known account).
// At these numbers a guesser needs weeks of lockouts for one PIN, and the
// teacher sees the locked account long before. Counters survive restarts, so
// pulling the hub's plug does not reset them.
import type { Database } from '../store/open-database.ts';
import { LocalRecords } from './local-records.ts';
import { afterFailure, lockStateOf, type LockCounter as Counter, type LockState } from './lock-counter.ts';

export const MAX_PIN_FAILURES = 5;
export const MAX_PASSWORD_FAILURES = 10;
export const MAX_ADDRESS_FAILURES = 30;
export const LOCK_MINUTES = 15;
const LOCK_MS = LOCK_MINUTES * 60_000;

export type { LockState };

export class Lockout {
  readonly #records: LocalRecords<Counter>;

  constructor(db: Database) {
    this.#records = new LocalRecords<Counter>(db, 'lockout');
  }

  async load(): Promise<void> {
    await this.#records.load();
  }

  async flush(): Promise<void> {
    await this.#records.flush();
  }

  accountState(personId: string, now = Date.now()): LockState {
    return this.#state(`account:${personId}`, now);
  }

  addressState(address: string, now = Date.now()): LockState {
    return this.#state(`address:${address}`, now);
  }

  /** Records a wrong answer; resolves once the count is on disk. */
  async recordFailure(personId: string | null, address: string, secret: 'pin' | 'password'): Promise<void> {
    const now = Date.now();
    const writes = [this.#bump(`address:${address}`, MAX_ADDRESS_FAILURES, now, true)];
    if (personId) writes.push(this.#bump(`account:${personId}`, secret === 'pin' ? MAX_PIN_FAILURES : MAX_PASSWORD_FAILURES, now, false));
    await Promise.all(writes);
  }

  async recordSuccess(personId: string): Promise<void> {
    if (this.#records.get(`account:${personId}`)) await this.#records.delete(`account:${personId}`);
  }

  /** A teacher's unlock: clears the account's count and lock at once. */
  async unlockAccount(personId: string): Promise<void> {
    await this.#records.delete(`account:${personId}`);
  }

  /** Addresses currently refused, for the admin page. */
  lockedAddresses(now = Date.now()): string[] {
    return [...this.#records.entries()]
      .filter(([key, counter]) => key.startsWith('address:') && counter.lockedUntil !== null && counter.lockedUntil > now)
      .map(([key]) => key.slice('address:'.length));
  }

  async unlockAddress(address: string): Promise<void> {
    await this.#records.delete(`address:${address}`);
  }

  #state(key: string, now: number): LockState {
    return lockStateOf(this.#records.get(key), now);
  }

  #bump(key: string, max: number, now: number, windowed: boolean): Promise<void> {
    return this.#records.set(key, afterFailure(this.#records.get(key), { max, lockMs: LOCK_MS, windowed }, now));
  }
}
