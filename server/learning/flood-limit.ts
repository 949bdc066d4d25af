// Bounds how many events one person or one workstation may send per minute, so
// a runaway tab (or a script) cannot fill the hub's disk or starve the other 20
// workstations. Counted in one-second buckets over a sliding minute, in memory:
// a hub restart forgets the counts, which only ever lets more through.
// 600 a minute is 10 a second, far above a learner's pace (one every few
// seconds) and above an outbox catching up after a long outage in batches.

export const DEFAULT_EVENTS_PER_MINUTE = 600;
const WINDOW_SECONDS = 60;

export class FloodLimit {
  readonly #counts = new Map<string, Map<number, number>>();

  constructor(readonly perMinute = DEFAULT_EVENTS_PER_MINUTE) {}

  /** Counts `n` events for every key and returns true, or returns false and
   * counts nothing when any key would go over the limit. */
  take(keys: string[], n: number, now = Date.now()): boolean {
    const second = Math.floor(now / 1000);
    if (keys.some((key) => this.#used(key, second) + n > this.perMinute)) return false;
    for (const key of keys) {
      const buckets = this.#counts.get(key) ?? new Map<number, number>();
      buckets.set(second, (buckets.get(second) ?? 0) + n);
      this.#counts.set(key, buckets);
    }
    if (this.#counts.size > 5000) this.#sweep(second);
    return true;
  }

  #used(key: string, second: number): number {
    const buckets = this.#counts.get(key);
    if (!buckets) return 0;
    let sum = 0;
    for (const [at, count] of buckets) {
      if (at <= second - WINDOW_SECONDS) buckets.delete(at);
      else sum += count;
    }
    return sum;
  }

  /** Forgets keys with nothing in the window, so memory stays bounded. */
  #sweep(second: number): void {
    for (const key of [...this.#counts.keys()]) if (this.#used(key, second) === 0) this.#counts.delete(key);
  }
}
