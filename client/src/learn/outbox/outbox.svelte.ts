// The browser's outbox (contract B): every learning event is written to
// IndexedDB before recordEvent resolves, then sent to the hub in the
// background, and removed only when the hub has answered for it. It flushes
// on load, when the network comes back, every 10 s, when the tab is hidden or
// shown again, and after each new event; while the hub does not answer it
// retries with backoff (1 s doubling to 30 s).
//
// Whose events: each is stored with the signed-in person's id and only that
// person's events are sent, because the hub records an event for whoever owns
// the session. If Amina's events are still queued when Baraka signs in at the
// same workstation, they stay in IndexedDB untouched until Amina signs in
// again here — sending them in Baraka's session would credit him with her work.
import { newEventId } from '../../lib/event-id.ts';
import { api, ApiError, setCsrfToken } from '../../lib/api.ts';
import { session } from '../../lib/session.svelte.ts';
import { openOutboxStore, type OutboxStore } from './store.ts';
import { flushOutbox, retryDelay, type SendEvents } from './queue.ts';
import type { EventObject, EventResult, IngestAnswer, LearningEvent, Verb } from './types.ts';

const TICK_MS = 10_000;

export type SaveStatus = 'saved' | 'saving' | 'waiting';

async function postEvents(events: LearningEvent[]): Promise<IngestAnswer> {
  const body = JSON.stringify({ events });
  try {
    return await api<IngestAnswer>('/api/events', { method: 'POST', body });
  } catch (error) {
    // After a reload the CSRF token may not be back yet: fetch it and try once more.
    if (!(error instanceof ApiError) || error.code !== 'CSRF_INVALID') throw error;
    const { csrfToken } = await api<{ csrfToken: string }>('/api/session/csrf');
    setCsrfToken(csrfToken);
    return api<IngestAnswer>('/api/events', { method: 'POST', body });
  }
}

export class Outbox {
  /** Events of the signed-in person not yet acknowledged by the hub. */
  pending = $state(0);
  #failures = $state(0);
  #countedFor = $state<string | null>(null);
  #store: OutboxStore;
  #send: SendEvents;
  #running: Promise<void> | null = null;
  #again = false;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #started = false;

  constructor(store: OutboxStore, send: SendEvents) {
    this.#store = store;
    this.#send = send;
  }

  get status(): SaveStatus {
    // Until this person's queue has been counted, nothing can be promised.
    if (session.me && this.#countedFor !== session.me.id) return 'saving';
    if (this.pending === 0) return 'saved';
    return this.#failures > 0 ? 'waiting' : 'saving';
  }

  /** Starts the timers and listeners; called once by the app header. */
  start(): void {
    if (this.#started || typeof window === 'undefined') return;
    this.#started = true;
    setInterval(() => void this.flush(), TICK_MS);
    window.addEventListener('online', () => void this.flush());
    document.addEventListener('visibilitychange', () => void this.flush());
    void this.flush();
  }

  /** Resolves once the event is in IndexedDB; with nobody signed in there is no one to credit, and null is returned. */
  async record(verb: Verb, object: EventObject, result?: EventResult): Promise<LearningEvent | null> {
    // A page opened straight from the address bar can render before the session check answers.
    await sessionChecked();
    const personId = session.me?.id;
    if (!personId) return null;
    // Through JSON: answers arrive as Svelte state proxies, which IndexedDB cannot clone,
    // and what is stored must be exactly what will be sent.
    const event = JSON.parse(
      JSON.stringify({ id: newEventId(), verb, object, ...(result ? { result } : {}), at: new Date().toISOString() }),
    ) as LearningEvent;
    await this.#store.add({ event, personId });
    this.pending += 1;
    void this.flush();
    return event;
  }

  /** Sends what is waiting; concurrent calls share one pass (and trigger one more after it). */
  flush(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#pass().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        void this.flush();
      }
    });
    return this.#running;
  }

  async #pass(): Promise<void> {
    const personId = session.me?.id;
    if (!personId) {
      this.pending = 0;
      return;
    }
    // Count first: after a reload (or a change of person) the indicator must not
    // say "All saved" while this person's queued events are still on their way.
    this.pending = await this.#store.count(personId).catch(() => this.pending);
    this.#countedFor = personId;
    const result = await flushOutbox(this.#store, personId, this.#send).catch(() => ({ failed: true }));
    this.pending = await this.#store.count(personId).catch(() => this.pending);
    if (!result.failed) {
      this.#failures = 0;
      return;
    }
    this.#failures += 1;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      void this.flush();
    }, retryDelay(this.#failures));
  }
}

function sessionChecked(): Promise<void> {
  if (session.loaded) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = $effect.root(() => {
      $effect(() => {
        if (!session.loaded) return;
        resolve();
        queueMicrotask(() => stop());
      });
    });
  });
}

export const outbox = new Outbox(openOutboxStore(), postEvents);

/** Records a learning event for the signed-in person; resolves once it is safe in IndexedDB. */
export function recordEvent(verb: Verb, object: EventObject, result?: EventResult): Promise<LearningEvent | null> {
  return outbox.record(verb, object, result);
}
