// The first step of a sync run: push the hub's records to its database at
// central (sync/replicator/push.ts), then look for conflicts at both ends
// (conflicts.ts), and write the outcome to the sync state: on success the
// pushed sequence, refusals, conflicts and the run's figures; on failure the
// figures of what got through, and the failure for the panel.
import type { Database } from '../store/open-database.ts';
import { makeLinkFetch } from '../../sync/replicator/link-fetch.ts';
import { pushToCentral, type DeniedDoc } from '../../sync/replicator/push.ts';
import { addBytes } from './budget.ts';
import { detectConflicts } from './conflicts.ts';
import { ConflictRepository } from './conflict-repository.ts';
import type { LinkError } from './link-errors.ts';
import type { SyncStateDoc } from './repository.ts';
import { centralDatabase, explainStepFailure, type RunContext } from './run-context.ts';

export interface PushStepOptions {
  /** The hub database, whose records travel. */
  hub: Database;
  /** The sync state as the run started (where the last conflict search stopped). */
  state: SyncStateDoc;
  /** About this many bytes of JSON per push request (default: push.ts's). */
  batchBytes?: number;
  /** The documents written at central so far in this run, for the panel. */
  onWritten(written: number): void;
}

/** Null when the records reached central; else the failure, already recorded with `run.fail`. */
export async function pushRecords(run: RunContext, options: PushStepOptions): Promise<LinkError | null> {
  const { connection, meter, signal } = run;
  const rescueLink = makeLinkFetch({ timeoutMs: 10_000, onBytes: (sent, received) => meter.add(sent, received) });
  const target = centralDatabase(connection, connection.database);
  // Each pass of the push counts from zero: keep a total across passes.
  let earlierPasses = 0;
  let thisPass = 0;
  let written = 0;
  try {
    const result = await pushToCentral(options.hub, target, {
      fetch: run.fetch,
      // Only after the budget stopped the run (the link itself works): one
      // checkpoint write, so the next run does not ask about what arrived.
      rescueFetch: (input, init) => (signal.aborted ? rescueLink(input, init) : Promise.reject(new Error('the link failed'))),
      ...(options.batchBytes ? { batchBytes: options.batchBytes } : {}),
      onProgress: (passWritten) => {
        if (passWritten < thisPass) earlierPasses += thisPass;
        thisPass = passWritten;
        written = earlierPasses + passWritten;
        options.onWritten(written);
      },
    });
    const conflicts = await detectConflicts(new ConflictRepository(options.hub), { ...target, fetch: run.fetch }, options.state, run.log);
    const finishedAt = new Date().toISOString();
    await run.repository.updateState((s) => {
      addBytes(s, meter.take());
      s.lastSuccessAt = finishedAt;
      s.lastError = null;
      s.pushedSeq = result.lastSeq;
      s.refused = mergeRefused(s.refused, result.denied);
      Object.assign(s, conflicts);
      s.lastRun = { at: finishedAt, ok: true, ...meter.total, written: result.written };
    });
    return null;
  } catch (error) {
    await run.repository.updateState((s) => {
      addBytes(s, meter.take());
      s.lastRun = { at: new Date().toISOString(), ok: false, ...meter.total, written };
    });
    const explained = explainStepFailure(error, run);
    await run.fail(explained);
    return explained;
  }
}

/** The refusals so far with this push's (newest kept per document), at most 500. */
function mergeRefused(previous: (DeniedDoc & { at: string })[], denied: DeniedDoc[]) {
  const at = new Date().toISOString();
  const byId = new Map(previous.map((d) => [d.id, d]));
  for (const d of denied) byId.set(d.id, { ...d, at });
  return [...byId.values()].slice(-500);
}
