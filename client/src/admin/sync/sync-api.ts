// The sync API as the administrator's panel uses it.
import { api } from '../../lib/api.ts';

/** A record with conflicting versions, as the last sync found it. */
export interface ConflictEntry {
  id: string;
  where: 'hub' | 'central';
  type: string;
  revs: string[];
}

export interface ConflictVersion {
  rev: string;
  where: ('hub' | 'central')[];
  winner: boolean;
  updatedAt: string | null;
  fields: Record<string, unknown>;
}

export interface ConflictDescription {
  id: string;
  type: string;
  versions: ConflictVersion[];
  differences: string[];
}

export interface SyncStatus {
  connected: boolean;
  centralUrl: string | null;
  running: boolean;
  progress: { written: number } | null;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  pending: { total: number; byKind: Record<string, number> };
  bytes: { today: { sent: number; received: number }; month: { sent: number; received: number } };
  budget: { dailyBytes: number | null; monthlyBytes: number | null; reached: 'day' | 'month' | null; resumesAt: string | null };
  refused: { id: string; reason: string; at: string }[];
  conflicts: string[];
  conflictDetails: ConflictEntry[];
  lastError: { code: string; message: string; at: string } | null;
  library: LibraryStatus;
  nextAttemptAt: string | null;
  probes: number;
}

export interface LibraryStatus {
  lastPulledAt: string | null;
  available: number;
  installed: { packId: string; version: string; at: string }[];
  failed: { packId: string; version: string; sha256: string; reason: string; refused: boolean; at: string }[];
}

const json = (body: unknown) => ({ body: JSON.stringify(body) });

export const getSyncStatus = () => api<SyncStatus>('/api/sync/status');
export const connectWithCode = (pairingCode: string) => api<SyncStatus>('/api/sync/connection', { method: 'PUT', ...json({ pairingCode }) });
export const disconnect = () => api<SyncStatus>('/api/sync/connection', { method: 'DELETE' });
export const runSync = () => api<SyncStatus>('/api/sync/run', { method: 'POST' });
export const setBudget = (dailyBytes: number | null, monthlyBytes: number | null) =>
  api<SyncStatus>('/api/sync/budget', { method: 'PUT', ...json({ dailyBytes, monthlyBytes }) });
export const getConflict = (id: string) => api<ConflictDescription>(`/api/sync/conflicts/${encodeURIComponent(id)}`);
export const resolveConflict = (id: string, keepRev: string) =>
  api<SyncStatus>(`/api/sync/conflicts/${encodeURIComponent(id)}/resolve`, { method: 'POST', ...json({ keepRev }) });
