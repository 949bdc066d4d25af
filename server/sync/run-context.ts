// What the steps of one sync run (push-step.ts, staff-step.ts, library-step.ts)
// share, handed to them by the service that runs them: the connection, the
// run's link (metered, and aborted when the data budget runs out mid-way), and
// the service's ways to save the bytes counted and to record a failed step.
// A step never throws for a link failure: it records it and the run goes on.
import type { FetchLike } from '../../sync/replicator/link-fetch.ts';
import type { ByteMeter } from './byte-meter.ts';
import { explainLinkFailure, LinkError } from './link-errors.ts';
import type { ConnectionDoc, SyncRepository } from './repository.ts';

export interface SyncLog {
  info(msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface RunContext {
  connection: ConnectionDoc;
  /** The run's fetch: counts bytes into `meter`, aborted through `signal`. */
  fetch: FetchLike;
  meter: ByteMeter;
  signal: AbortSignal;
  repository: SyncRepository;
  log: SyncLog;
  /** Adds the bytes counted since the last save to today's figures (kept for the next save if that fails). */
  saveBytes(): Promise<void>;
  /** Shows a failed step on the panel and counts it towards the backoff. */
  fail(error: LinkError): Promise<void>;
}

/** One of central's databases as this hub's user reaches it: its own, the library, the staff accounts. */
export function centralDatabase(connection: ConnectionDoc, database: string) {
  return { databaseUrl: `${connection.centralUrl}/${database}`, username: connection.username, password: connection.password };
}

/** A step's failure in plain words: the budget, when it is what stopped the run; else what the link did. */
export function explainStepFailure(error: unknown, run: Pick<RunContext, 'signal' | 'connection'>): LinkError {
  const reason = run.signal.aborted && run.signal.reason instanceof LinkError ? run.signal.reason : error;
  return explainLinkFailure(reason, run.connection.centralUrl);
}
