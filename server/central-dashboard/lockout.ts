// Throttling of password guessing at the central sign-in, as the hub does it
// (server/auth/lockout.ts) with central's own numbers:
//   - an account is locked after MAX_ACCOUNT_FAILURES wrong passwords in a
//     row, for LOCK_MINUTES (a success resets its count; an administrator's
//     change of the account — new password, reactivation — unlocks it);
//   - an address is refused for LOCK_MINUTES after MAX_ADDRESS_FAILURES wrong
//     answers within LOCK_MINUTES, whatever names they tried, and a success
//     does not reset it (a guesser could interleave a known account).
// Names that do not exist are counted like real ones, so the lock does not
// tell which names exist. Kept in memory, like the sessions (sessions.ts): a
// restart of the dashboard clears the counts, which a guesser cannot cause.
import { afterFailure, lockStateOf, type LockCounter as Counter, type LockState } from '../auth/lock-counter.ts';

export const MAX_ACCOUNT_FAILURES = 10;
export const MAX_ADDRESS_FAILURES = 30;
export const LOCK_MINUTES = 15;
const LOCK_MS = LOCK_MINUTES * 60_000;

export type { LockState };

export class StaffLockout {
  readonly #counters = new Map<string, Counter>();

  accountState(username: string, now = Date.now()): LockState {
    return this.#state(`account:${username}`, now);
  }

  addressState(address: string, now = Date.now()): LockState {
    return this.#state(`address:${address}`, now);
  }

  recordFailure(username: string, address: string, now = Date.now()): void {
    this.#bump(`address:${address}`, MAX_ADDRESS_FAILURES, now, true);
    this.#bump(`account:${username}`, MAX_ACCOUNT_FAILURES, now, false);
  }

  recordSuccess(username: string): void {
    this.#counters.delete(`account:${username}`);
  }

  unlockAccount(username: string): void {
    this.#counters.delete(`account:${username}`);
  }

  #state(key: string, now: number): LockState {
    return lockStateOf(this.#counters.get(key), now);
  }

  #bump(key: string, max: number, now: number, windowed: boolean): void {
    this.#counters.set(key, afterFailure(this.#counters.get(key), { max, lockMs: LOCK_MS, windowed }, now));
    // Bounded memory: forget counters that no longer lock anything.
    if (this.#counters.size > 10_000) {
      for (const [k, c] of this.#counters) if ((c.lockedUntil ?? c.since + LOCK_MS) <= now) this.#counters.delete(k);
    }
  }
}
