// The central sign-in lockout's counting, with the clock passed in.
import { describe, expect, it } from 'vitest';
import { LOCK_MINUTES, MAX_ACCOUNT_FAILURES, MAX_ADDRESS_FAILURES, StaffLockout } from './lockout.ts';

const MINUTE = 60_000;

describe('StaffLockout', () => {
  it('locks an account after 10 wrong passwords in a row, for 15 minutes, counting the minutes left', () => {
    const lockout = new StaffLockout();
    const t0 = Date.UTC(2026, 10, 22, 8);
    for (let i = 0; i < MAX_ACCOUNT_FAILURES - 1; i++) lockout.recordFailure('ana', `10.0.0.${i}`, t0 + i * MINUTE);
    expect(lockout.accountState('ana', t0 + 9 * MINUTE)).toEqual({ locked: false });
    lockout.recordFailure('ana', '10.0.0.99', t0 + 9 * MINUTE);
    expect(lockout.accountState('ana', t0 + 9 * MINUTE)).toEqual({ locked: true, minutesLeft: LOCK_MINUTES });
    expect(lockout.accountState('ana', t0 + 9 * MINUTE + 14.5 * MINUTE)).toEqual({ locked: true, minutesLeft: 1 });
    expect(lockout.accountState('ana', t0 + 9 * MINUTE + LOCK_MINUTES * MINUTE)).toEqual({ locked: false });
    // After the lock ends the count starts over.
    lockout.recordFailure('ana', '10.0.0.1', t0 + 30 * MINUTE);
    expect(lockout.accountState('ana', t0 + 30 * MINUTE)).toEqual({ locked: false });
  });

  it('a success resets an account, not an address', () => {
    const lockout = new StaffLockout();
    const now = Date.now();
    for (let i = 0; i < MAX_ACCOUNT_FAILURES - 1; i++) lockout.recordFailure('ana', '10.0.0.1', now);
    lockout.recordSuccess('ana');
    lockout.recordFailure('ana', '10.0.0.1', now);
    expect(lockout.accountState('ana', now).locked).toBe(false);
    for (let i = 0; i < MAX_ADDRESS_FAILURES - MAX_ACCOUNT_FAILURES; i++) lockout.recordFailure(`name${i}`, '10.0.0.1', now);
    expect(lockout.addressState('10.0.0.1', now)).toEqual({ locked: true, minutesLeft: LOCK_MINUTES });
  });

  it("an address's count starts over after a quiet window", () => {
    const lockout = new StaffLockout();
    const t0 = Date.now();
    for (let i = 0; i < MAX_ADDRESS_FAILURES - 1; i++) lockout.recordFailure(`n${i}`, '10.0.0.2', t0);
    lockout.recordFailure('n-last', '10.0.0.2', t0 + (LOCK_MINUTES + 1) * MINUTE);
    expect(lockout.addressState('10.0.0.2', t0 + (LOCK_MINUTES + 1) * MINUTE).locked).toBe(false);
  });
});
