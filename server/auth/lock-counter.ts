// The counting rule shared by the hub's lockout (lockout.ts, counters kept on
// disk) and the central dashboard's (central-dashboard/lockout.ts, in memory):
// wrong answers add up until `max`, which locks for `lockMs`; an address's count
// (`windowed`) also starts over after a quiet window of `lockMs`; an account's
// only on success or unlock (the callers delete its counter).

export interface LockCounter {
  failures: number;
  /** When the first failure of the current window happened. */
  since: number;
  lockedUntil: number | null;
}

export type LockState = { locked: false } | { locked: true; minutesLeft: number };

export function lockStateOf(counter: LockCounter | undefined, now: number): LockState {
  if (!counter?.lockedUntil || counter.lockedUntil <= now) return { locked: false };
  return { locked: true, minutesLeft: Math.max(1, Math.ceil((counter.lockedUntil - now) / 60_000)) };
}

/** The counter after one more wrong answer. */
export function afterFailure(previous: LockCounter | undefined, rule: { max: number; lockMs: number; windowed: boolean }, now: number): LockCounter {
  const expired = previous && (previous.lockedUntil ? previous.lockedUntil <= now : rule.windowed && now - previous.since > rule.lockMs);
  const counter: LockCounter = previous && !expired ? { ...previous } : { failures: 0, since: now, lockedUntil: null };
  counter.failures += 1;
  if (counter.failures >= rule.max) counter.lockedUntil = now + rule.lockMs;
  return counter;
}
