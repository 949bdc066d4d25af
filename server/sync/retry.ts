// When the hub tries central again after a failed run (30 s doubling to 1 h),
// and how often it probes while central cannot be reached at all (up to every
// 5 minutes). Jitter spreads the knocks, so 20 trucks coming back online
// together do not knock at once.

export interface RetryOptions {
  /** The wait after the first failure; it doubles with each failure after it. */
  firstMs: number;
  /** The longest wait: the hub never gives up, it keeps trying this often. */
  maxMs: number;
}

export const RETRY_DEFAULT: RetryOptions = { firstMs: 30_000, maxMs: 3_600_000 };

/** The wait before the next reachability probe while central cannot be reached:
 * half the first retry, doubling, never more than 5 minutes (a probe is a few
 * hundred bytes, and only costs anything once the link is back). */
export function probeDelay(probes: number, retry: RetryOptions = RETRY_DEFAULT): number {
  return Math.min((retry.firstMs / 2) * 2 ** Math.max(0, probes - 1), Math.min(retry.maxMs, 300_000));
}

/** ±20 %, so twenty trucks whose link returns together do not knock at once. */
export const jitter = (ms: number) => ms * (0.8 + Math.random() * 0.4);

/** The wait before the next try after `failures` failed runs in a row (before jitter). */
export function retryDelay(failures: number, retry: RetryOptions = RETRY_DEFAULT): number {
  return Math.min(retry.firstMs * 2 ** Math.max(0, failures - 1), retry.maxMs);
}
