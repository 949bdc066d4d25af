// The sync panel's status, read from the connection, the sync state and the hub
// database's changes since the last push: what waits to travel by kind, the
// bytes used today and this month, the budget, refusals, conflicts, the library
// and the last run. The service adds what only it knows (a run in progress, the
// next attempt); it reads whether a run is going on before this reads the
// state, so a run that ends meanwhile shows as still running with the old
// figures, never as finished with stale ones.
import type { Database } from '../store/open-database.ts';
import { HELD_BACK_TYPES } from '../../sync/replicator/push.ts';
import { parseDocId } from '../../sync/ids.ts';
import { budgetReached, day, resumesAt, totals } from './budget.ts';
import { emptyLibraryState } from './library.ts';
import type { SyncRepository } from './repository.ts';

/** The documents changed since `since` that the next push would send, by type. */
async function pendingSince(hub: Database, since: number | string): Promise<{ total: number; byKind: Record<string, number> }> {
  const changes = await hub.changes({ since: since as number, limit: 100_000 });
  const byKind: Record<string, number> = {};
  let waiting = 0;
  for (const change of changes.results) {
    const type = parseDocId(change.id)?.type ?? 'other';
    if (HELD_BACK_TYPES.has(type) || change.id.startsWith('_design/')) continue;
    byKind[type] = (byKind[type] ?? 0) + 1;
    waiting += 1;
  }
  return { total: waiting, byKind };
}

/** `run`: whether a run is going on and the documents it has written so far, read by the caller first. */
export async function readSyncStatus(hub: Database, repository: SyncRepository, run: { running: boolean; written: number }) {
  const connection = await repository.getConnection();
  const state = await repository.getState();
  const pending = await pendingSince(hub, state.pushedSeq);
  const now = new Date();
  const reached = budgetReached(state, now);
  return {
    connected: connection !== null,
    centralUrl: connection?.centralUrl ?? null,
    running: run.running,
    progress: run.running ? { written: run.written } : null,
    lastSuccessAt: state.lastSuccessAt,
    lastAttemptAt: state.lastAttemptAt,
    pending,
    bytes: { today: totals(state, day(now)), month: totals(state, day(now).slice(0, 7)) },
    budget: { ...state.budget, reached, resumesAt: reached ? resumesAt(reached, now) : null },
    refused: state.refused,
    conflicts: state.conflicts,
    conflictDetails: state.conflictDetails ?? [],
    lastError: state.lastError,
    library: state.library ?? emptyLibraryState(),
    lastRun: state.lastRun ?? null,
  };
}

export type SyncStatus = Awaited<ReturnType<typeof readSyncStatus>>;
