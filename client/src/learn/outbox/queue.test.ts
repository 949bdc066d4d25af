// The outbox's queue rules on a real IndexedDB implementation in memory
// (fake-indexeddb: only for these pure queue tests; the browser tests use
// Chromium's own IndexedDB).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openOutboxStore } from './store.ts';
import { BATCH_SIZE, flushOutbox, retryDelay, type SendEvents } from './queue.ts';
import type { IngestAnswer, LearningEvent } from './types.ts';

let counter = 0;
function event(at = new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString()): LearningEvent {
  counter += 1;
  return { id: `event-${String(counter).padStart(6, '0')}`, verb: 'answered', object: { courseId: 'c', lessonId: 'l', activityId: 'a' }, result: { correct: true }, at };
}

async function storeWith(personId: string, count: number) {
  const store = openOutboxStore(`outbox-test-${Math.random()}`);
  const events = Array.from({ length: count }, () => event());
  for (const e of events) await store.add({ event: e, personId });
  return { store, events };
}

const acceptAll: SendEvents = async (events) => ({ accepted: events.map((e) => e.id), duplicate: [], rejected: [] });
const failing = (status: number): SendEvents => async () => {
  throw Object.assign(new Error('no'), { status });
};

describe('outbox queue', () => {
  it('sends in batches of at most 50, oldest first, and empties the queue once all are acknowledged', async () => {
    const { store, events } = await storeWith('amina', 120);
    const batches: string[][] = [];
    const result = await flushOutbox(store, 'amina', async (batch) => {
      batches.push(batch.map((e) => e.id));
      return acceptAll(batch);
    });
    expect(batches.map((b) => b.length)).toEqual([BATCH_SIZE, BATCH_SIZE, 20]);
    expect(batches.flat()).toEqual(events.map((e) => e.id));
    expect(result).toEqual({ sent: 120, dropped: 0, failed: false });
    expect(await store.count('amina')).toBe(0);
  });

  it('keeps everything when the hub does not answer, and sends it all later', async () => {
    const { store } = await storeWith('amina', 5);
    expect((await flushOutbox(store, 'amina', failing(0))).failed).toBe(true);
    expect((await flushOutbox(store, 'amina', failing(503))).failed).toBe(true);
    expect((await flushOutbox(store, 'amina', failing(429))).failed).toBe(true);
    expect((await flushOutbox(store, 'amina', failing(401))).failed).toBe(true);
    expect(await store.count('amina')).toBe(5);
    expect(await flushOutbox(store, 'amina', acceptAll)).toMatchObject({ sent: 5, failed: false });
    expect(await store.count('amina')).toBe(0);
  });

  it('removes only the ids the hub answered for: duplicates and rejected leave, unnamed ones stay', async () => {
    const { store, events } = await storeWith('amina', 4);
    const warnings: string[] = [];
    const answer: IngestAnswer = {
      accepted: [events[0]!.id],
      duplicate: [events[1]!.id],
      rejected: [{ id: events[2]!.id, code: 'UNKNOWN_ACTIVITY', message: 'no such activity' }],
    };
    let calls = 0;
    const empty: IngestAnswer = { accepted: [], duplicate: [], rejected: [] };
    const result = await flushOutbox(store, 'amina', async () => (calls++ === 0 ? answer : empty), (w) => warnings.push(w));
    expect(result).toEqual({ sent: 2, dropped: 1, failed: true });
    expect(warnings.join()).toMatch(/UNKNOWN_ACTIVITY/);
    expect((await store.oldest('amina', 10)).map((e) => e.event.id)).toEqual([events[3]!.id]);
  });

  it('never sends another person’s events, and keeps them for when that person signs in again', async () => {
    const { store } = await storeWith('amina', 3);
    for (let i = 0; i < 2; i++) await store.add({ event: event(), personId: 'baraka' });
    const sent: string[] = [];
    await flushOutbox(store, 'baraka', async (batch) => {
      sent.push(...batch.map((e) => e.id));
      return acceptAll(batch);
    });
    expect(sent).toHaveLength(2);
    expect(await store.count('amina')).toBe(3);
    expect(await store.count('baraka')).toBe(0);
  });

  it('splits a batch the hub refuses as a whole until the one bad event is found and dropped', async () => {
    const { store, events } = await storeWith('amina', 7);
    const bad = events[4]!.id;
    const warnings: string[] = [];
    const result = await flushOutbox(
      store,
      'amina',
      async (batch) => {
        if (batch.some((e) => e.id === bad)) throw Object.assign(new Error('too large'), { status: 413 });
        return acceptAll(batch);
      },
      (w) => warnings.push(w),
    );
    expect(result).toEqual({ sent: 6, dropped: 1, failed: false });
    expect(warnings).toHaveLength(1);
    expect(await store.count('amina')).toBe(0);
  });

  it('waits 1 s after the first failure, doubling to at most 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});
