// One pass of sending a person's queued events to the hub, kept free of
// timers and Svelte so that its rules can be tested on their own:
//   - an event leaves the outbox only when the hub named it in its answer
//     (accepted, duplicate or rejected); rejected ones are logged and dropped,
//     because the hub will never take them and they would block the queue;
//   - a hub that does not answer (network error, 5xx, 429, 401/403) leaves
//     everything in place, and the caller retries later with backoff;
//   - a batch the hub refuses as a whole (400 malformed, 413 too large) is
//     split in halves until the one event at fault is found and dropped, so one
//     bad event never holds back the good ones.
import type { OutboxStore } from './store.ts';
import type { IngestAnswer, LearningEvent } from './types.ts';

export const BATCH_SIZE = 50;
export const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 30_000;

/** Sends events; throws an error with a numeric `status` (0 when the hub did not answer). */
export type SendEvents = (events: LearningEvent[]) => Promise<IngestAnswer>;

export interface FlushResult {
  /** Events the hub acknowledged (accepted or duplicate). */
  sent: number;
  /** Events dropped because the hub refused them for good. */
  dropped: number;
  /** True when the hub did not answer and events are still waiting. */
  failed: boolean;
}

export function retryDelay(failures: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : 0;
}

export async function flushOutbox(store: OutboxStore, personId: string, send: SendEvents, warn: (message: string) => void = console.warn): Promise<FlushResult> {
  const result: FlushResult = { sent: 0, dropped: 0, failed: false };

  async function sendGroup(events: LearningEvent[]): Promise<string[]> {
    try {
      const answer = await send(events);
      for (const refused of answer.rejected) warn(`The hub refused learning event ${refused.id} (${refused.code}): ${refused.message}`);
      result.sent += answer.accepted.length + answer.duplicate.length;
      result.dropped += answer.rejected.length;
      return [...answer.accepted, ...answer.duplicate, ...answer.rejected.map((r) => r.id)];
    } catch (error) {
      const status = statusOf(error);
      if (status !== 400 && status !== 413) throw error;
      if (events.length === 1) {
        warn(`The hub refused learning event ${events[0]!.id} with status ${status}; it is dropped.`);
        result.dropped += 1;
        return [events[0]!.id];
      }
      const half = Math.ceil(events.length / 2);
      return [...(await sendGroup(events.slice(0, half))), ...(await sendGroup(events.slice(half)))];
    }
  }

  for (;;) {
    const batch = await store.oldest(personId, BATCH_SIZE);
    if (batch.length === 0) return result;
    let acknowledged: string[];
    try {
      acknowledged = await sendGroup(batch.map((entry) => entry.event));
    } catch {
      result.failed = true;
      return result;
    }
    const inBatch = new Set(batch.map((entry) => entry.event.id));
    const removable = acknowledged.filter((id) => inBatch.has(id));
    await store.remove(removable);
    // A hub that answers without naming any of the events would loop forever: treat it as not answering.
    if (removable.length === 0) {
      result.failed = true;
      return result;
    }
  }
}
