// Tells central this hub's status (sync/replicator/heartbeat.ts) after a sync,
// and when the budget stopped one, so central knows the truck is alive. Best
// effort: a failure here is not a failed sync, and the few hundred bytes it
// takes may pass a used-up budget (they are counted).
import { makeLinkFetch } from '../../sync/replicator/link-fetch.ts';
import { sendHeartbeat } from '../../sync/replicator/heartbeat.ts';
import { readVersion } from '../config.ts';
import { addBytes } from './budget.ts';
import type { ConnectionDoc, SyncRepository } from './repository.ts';
import { centralDatabase, type SyncLog } from './run-context.ts';
import type { SyncStatus } from './sync-status.ts';

export interface HeartbeatOptions {
  hubId: string;
  timeoutMs: number;
  repository: SyncRepository;
  log: SyncLog;
  /** The panel's status, read when the heartbeat is sent. */
  status(): Promise<SyncStatus>;
}

let softwareVersion: string | undefined;

export async function sendHubHeartbeat(connection: ConnectionDoc, options: HeartbeatOptions): Promise<void> {
  const bytes = { sent: 0, received: 0 };
  const fetch = makeLinkFetch({ timeoutMs: Math.min(options.timeoutMs, 15_000), onBytes: (sent, received) => ((bytes.sent += sent), (bytes.received += received)) });
  try {
    const status = await options.status();
    await sendHeartbeat(
      { ...centralDatabase(connection, connection.database), fetch },
      {
        hubId: options.hubId,
        at: new Date().toISOString(),
        softwareVersion: (softwareVersion ??= readVersion()),
        lastSuccessAt: status.lastSuccessAt,
        pending: status.pending.byKind,
        bytes: status.bytes,
        budget: { dailyBytes: status.budget.dailyBytes, monthlyBytes: status.budget.monthlyBytes, reached: status.budget.reached },
        refused: status.refused.length,
        conflicts: status.conflicts.length,
        lastError: status.lastError?.code ?? null,
      },
    );
  } catch (error) {
    options.log.warn({ err: (error as Error).message }, "central did not take this hub's status; it is sent again after the next sync");
  } finally {
    if (bytes.sent + bytes.received > 0) await options.repository.updateState((s) => addBytes(s, bytes));
  }
}
