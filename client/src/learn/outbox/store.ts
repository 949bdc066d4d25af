// The outbox's storage: one IndexedDB object store of events waiting for the
// hub, keyed by event id, indexed by (personId, at) so each person's events
// come out oldest first. `idb` is used because it is tiny (~1 KB gzip), well
// kept, and turns IndexedDB's request callbacks into promises without hiding
// transactions. An event is only ever removed after the hub has answered for it.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { QueuedEvent } from './types.ts';

interface OutboxSchema extends DBSchema {
  events: { key: string; value: QueuedEvent & { id: string }; indexes: { 'by-person': [string, string] } };
}

export interface OutboxStore {
  add(entry: QueuedEvent): Promise<void>;
  /** The person's oldest events, at most `limit`. */
  oldest(personId: string, limit: number): Promise<QueuedEvent[]>;
  count(personId: string): Promise<number>;
  remove(ids: string[]): Promise<void>;
}

const DB_NAME = 'darasa-outbox';

export function openOutboxStore(name = DB_NAME): OutboxStore {
  let db: Promise<IDBPDatabase<OutboxSchema>> | null = null;
  const open = () =>
    (db ??= openDB<OutboxSchema>(name, 1, {
      upgrade(database) {
        const store = database.createObjectStore('events', { keyPath: 'id' });
        store.createIndex('by-person', ['personId', 'event.at']);
      },
    }));
  const personRange = (personId: string) => IDBKeyRange.bound([personId, ''], [personId, '\uffff']);

  return {
    async add(entry) {
      // The transaction's `done` resolves once IndexedDB has committed: only
      // then does recordEvent resolve, so a reload right after cannot lose it.
      const tx = (await open()).transaction('events', 'readwrite');
      await Promise.all([tx.store.put({ ...entry, id: entry.event.id }), tx.done]);
    },
    async oldest(personId, limit) {
      const rows = await (await open()).getAllFromIndex('events', 'by-person', personRange(personId), limit);
      return rows.map(({ event, personId: owner }) => ({ event, personId: owner }));
    },
    async count(personId) {
      return (await open()).countFromIndex('events', 'by-person', personRange(personId));
    },
    async remove(ids) {
      if (ids.length === 0) return;
      const tx = (await open()).transaction('events', 'readwrite');
      await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
    },
  };
}
