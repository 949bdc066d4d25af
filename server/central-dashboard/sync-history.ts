// A hub's sync history, kept by the dashboard: a hub's status at central is
// one document it overwrites at every sync attempt (sync/replicator/heartbeat.ts,
// kept tiny for budget-capped links), so the dashboard notes each status it has
// not seen yet into `sync-history:<hubId>` in its own database — at every read
// of the fleet and every `historyPollMs` in the background. Attempts closer
// together than the poll are seen as one (hubs sync every few hours; the poll
// is a minute). The last 200 are kept.
import { type CentralAdmin, couchRequest } from '../../sync/central/couch-http.ts';
import type { FleetHub } from './hubs.ts';
import { DASHBOARD_DB } from './staff.ts';

export interface HistoryEntry {
  /** When the hub sent this status. */
  at: string;
  lastSuccessAt: string | null;
  /** Whether the attempt ended without an error. */
  ok: boolean;
  lastError: string | null;
  pending: number;
  sentToday: number;
  receivedToday: number;
}

interface HistoryDoc {
  _id: string;
  _rev?: string;
  type: 'sync-history';
  hubId: string;
  entries: HistoryEntry[];
}

const KEEP = 200;
const path = (hubId: string) => `/${DASHBOARD_DB}/${encodeURIComponent(`sync-history:${hubId}`)}`;

export async function readHistory(central: CentralAdmin, hubId: string): Promise<HistoryEntry[]> {
  const answer = await couchRequest<HistoryDoc>(central, 'GET', path(hubId));
  return answer.status === 200 ? [...answer.body.entries].reverse() : [];
}

/** Appends the hub's current status when it is new; a lost race (409) is left
 * to the next look, which sees the same status again. */
export async function noteStatus(central: CentralAdmin, hub: FleetHub): Promise<void> {
  if (!hub.lastSeenAt) return;
  const current = await couchRequest<HistoryDoc>(central, 'GET', path(hub.hubId));
  const doc: HistoryDoc = current.status === 200 ? current.body : { _id: `sync-history:${hub.hubId}`, type: 'sync-history', hubId: hub.hubId, entries: [] };
  const last = doc.entries[doc.entries.length - 1];
  if (last && last.at >= hub.lastSeenAt) return;
  doc.entries = [
    ...doc.entries,
    {
      at: hub.lastSeenAt,
      lastSuccessAt: hub.lastSuccessAt,
      ok: hub.lastError === null,
      lastError: hub.lastError,
      pending: hub.pending.total,
      sentToday: hub.bytes?.today.sent ?? 0,
      receivedToday: hub.bytes?.today.received ?? 0,
    },
  ].slice(-KEEP);
  await couchRequest(central, 'PUT', path(hub.hubId), doc);
}

export async function noteFleet(central: CentralAdmin, fleet: FleetHub[]): Promise<void> {
  await Promise.all(fleet.map((hub) => noteStatus(central, hub).catch(() => undefined)));
}
