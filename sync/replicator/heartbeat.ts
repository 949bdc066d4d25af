// The hub's status at central: one small document, `hub-status:<hubId>:current`,
// written straight to the hub's database at central at the end of every sync
// attempt that reaches central — and the ONLY thing sent while the data budget
// is used up (the "tiny status heartbeat"), so the central office still sees the
// truck: when it was last seen, what it still holds, what the link has cost.
// It is written, not replicated: it changes every time and only its latest
// value matters, so it never queues behind the records.
import type { FetchLike } from './link-fetch.ts';

export interface HubStatusDoc {
  _id: string;
  _rev?: string;
  type: 'hub-status';
  hubId: string;
  /** When the hub sent it, by the hub's clock. */
  at: string;
  softwareVersion: string;
  lastSuccessAt: string | null;
  /** Records waiting to be sent, by document type. */
  pending: Record<string, number>;
  bytes: { today: { sent: number; received: number }; month: { sent: number; received: number } };
  budget: { dailyBytes: number | null; monthlyBytes: number | null; reached: 'day' | 'month' | null };
  refused: number;
  conflicts: number;
  lastError: string | null;
  createdAt: string;
}

export const hubStatusId = (hubId: string) => `hub-status:${hubId}:current`;

export interface HeartbeatTarget {
  databaseUrl: string;
  username: string;
  password: string;
  fetch: FetchLike;
}

/** Writes the status; two small requests (read the revision, write). Throws on link failures. */
export async function sendHeartbeat(target: HeartbeatTarget, status: Omit<HubStatusDoc, '_id' | '_rev' | 'type' | 'createdAt'>): Promise<void> {
  const authorization = `Basic ${Buffer.from(`${target.username}:${target.password}`).toString('base64')}`;
  const url = `${target.databaseUrl}/${encodeURIComponent(hubStatusId(status.hubId))}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    const current = await target.fetch(url, { headers: { authorization, accept: 'application/json' } });
    const existing = current.ok ? ((await current.json()) as { _rev?: string; createdAt?: string }) : null;
    const doc: HubStatusDoc = { _id: hubStatusId(status.hubId), ...(existing?._rev ? { _rev: existing._rev } : {}), type: 'hub-status', ...status, createdAt: existing?.createdAt ?? status.at };
    const written = await target.fetch(url, { method: 'PUT', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(doc) });
    if (written.ok) return;
    if (written.status !== 409) throw new Error(`central refused the hub's status: ${written.status}`);
  }
}
