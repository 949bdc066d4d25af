// The data budget, read from and written to the sync state's bytes per day
// (UTC): what today and this month used, whether a limit is reached and when
// sync resumes, how much a run may still use. A null limit means no limit.
import type { Bytes } from './byte-meter.ts';
import type { SyncStateDoc } from './repository.ts';

/** YYYY-MM-DD in UTC: the key of a day's figures. */
export const day = (date = new Date()) => date.toISOString().slice(0, 10);

/** The bytes of every day whose key starts with `prefix` (a day, or a month as YYYY-MM). */
export function totals(state: SyncStateDoc, prefix: string): Bytes {
  return Object.entries(state.bytesByDay)
    .filter(([key]) => key.startsWith(prefix))
    .reduce((sum, [, v]) => ({ sent: sum.sent + v.sent, received: sum.received + v.received }), { sent: 0, received: 0 });
}

export function budgetReached(state: SyncStateDoc, now = new Date()): 'day' | 'month' | null {
  const today = totals(state, day(now));
  const month = totals(state, day(now).slice(0, 7));
  if (state.budget.dailyBytes !== null && today.sent + today.received >= state.budget.dailyBytes) return 'day';
  if (state.budget.monthlyBytes !== null && month.sent + month.received >= state.budget.monthlyBytes) return 'month';
  return null;
}

/** When a used-up budget allows sync again: the next UTC day or month. */
export function resumesAt(reached: 'day' | 'month', now = new Date()): string {
  const next = reached === 'day' ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return next.toISOString();
}

/** The bytes a run may still use before the daily or the monthly limit (Infinity without limits). */
export function remainingBudget(state: SyncStateDoc, now: Date): number {
  const today = totals(state, day(now));
  const month = totals(state, day(now).slice(0, 7));
  const left = [
    state.budget.dailyBytes === null ? Infinity : state.budget.dailyBytes - today.sent - today.received,
    state.budget.monthlyBytes === null ? Infinity : state.budget.monthlyBytes - month.sent - month.received,
  ];
  return Math.min(...left);
}

/** Adds bytes to today's figures (in a state being changed by updateState). */
export function addBytes(state: SyncStateDoc, bytes: Bytes): void {
  const key = day();
  const current = state.bytesByDay[key] ?? { sent: 0, received: 0 };
  state.bytesByDay[key] = { sent: current.sent + bytes.sent, received: current.received + bytes.received };
  // Keep about 13 months of daily figures.
  for (const old of Object.keys(state.bytesByDay).sort().slice(0, -400)) delete state.bytesByDay[old];
}
