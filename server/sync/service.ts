// Sync with central, as the hub runs it: one connection (tested before it is
// stored), one-shot pushes on a schedule and on demand, never two at once; the
// data budget checked before and during a run; a status made for the panel.
// Failures back off (30 s doubling to 1 h, with jitter so 20 trucks coming back
// online together do not knock at once) and are shown in plain words.
import type { Store } from '../store/store.ts';
import { makeLinkFetch, type FetchLike } from '../../sync/replicator/link-fetch.ts';
import { pushToCentral, type DeniedDoc } from '../../sync/replicator/push.ts';
import { hubDatabase, LIBRARY_DB } from '../../sync/central/provision.ts';
import { explainLinkFailure, LinkError } from './link-errors.ts';
import { probeCentral } from './reachability.ts';
import { jitter, probeDelay, retryDelay, type RetryOptions } from './retry.ts';
import { addBytes, budgetReached, remainingBudget, resumesAt } from './budget.ts';
import { readSyncStatus } from './sync-status.ts';
import { ByteMeter } from './byte-meter.ts';
import { detectConflicts } from './conflicts.ts';
import { ConflictRepository } from './conflict-repository.ts';
import { pullLibrary } from '../../sync/library/pull.ts';
import { pullDecisions } from '../../sync/library/decisions.ts';
import { sendHeartbeat } from '../../sync/replicator/heartbeat.ts';
import { readVersion } from '../config.ts';
import { emptyLibraryState, recordPull, type LibraryInstaller } from './library.ts';
import type { ConnectionDoc, SyncRepository, SyncStateDoc } from './repository.ts';
import type { Accounts } from '../auth/accounts.ts';
import { exchangeStaff } from './staff-exchange.ts';
import { STAFF_DB } from '../../sync/staff/staff-documents.ts';

/** How often a running sync saves the bytes it has used so far (a killed hub keeps the count). */
const BYTES_SAVE_MS = 2_000;

export interface ConnectInput {
  centralUrl: string;
  hubId: string;
  username: string;
  password: string;
}

export interface SyncOptions {
  intervalMs: number;
  timeoutMs: number;
  /** Backoff after failed runs (default RETRY_DEFAULT); tests shrink it to live
   * through a "several minutes" outage in seconds. */
  retry?: RetryOptions;
  /** About this many bytes of JSON per push request (default: push.ts's DEFAULT_BATCH_BYTES). */
  batchBytes?: number;
  log: { info(msg: string): void; warn(obj: object, msg: string): void };
}

export class SyncService {
  #running: Promise<void> | null = null;
  #version: string | undefined;
  #written = 0;
  #timer: NodeJS.Timeout | null = null;
  #failures = 0;
  /** The last run failed because central could not be reached at all. */
  #unreachable = false;
  #probes = 0;
  #nextAt: number | null = null;
  #stopped = false;

  constructor(
    private readonly store: Store,
    private readonly repository: SyncRepository,
    private readonly options: SyncOptions,
    /** Installs packs pulled from central's shared library; without it the hub only pushes. */
    private readonly library: LibraryInstaller | null = null,
    /** People and sessions, for the roaming staff exchange (staff-exchange.ts); without them staff do not roam. */
    private readonly staff: Accounts | null = null,
  ) {}

  /** Checks the credentials against central, then stores them (local only). */
  async connect(input: ConnectInput): Promise<void> {
    if (input.hubId !== this.store.hubId) {
      throw new LinkError('CENTRAL_HUB_UNKNOWN', `These credentials are for ${input.hubId}, but this hub is ${this.store.hubId}. Register this hub at central and use its pairing code.`);
    }
    const centralUrl = input.centralUrl.replace(/\/+$/, '');
    const database = hubDatabase(this.store.hubId);
    const fetchLink = makeLinkFetch({ timeoutMs: 15_000 });
    const authorization = `Basic ${Buffer.from(`${input.username}:${input.password}`).toString('base64')}`;
    let response: Response;
    try {
      response = await fetchLink(`${centralUrl}/${database}`, { headers: { authorization, accept: 'application/json' } });
    } catch (error) {
      throw explainLinkFailure(error, centralUrl);
    }
    if (!response.ok) throw explainLinkFailure({ status: response.status }, centralUrl);
    await this.repository.saveConnection({ centralUrl, database, username: input.username, password: input.password, connectedAt: new Date().toISOString() });
    this.options.log.info(`connected to central ${centralUrl} as ${input.username}`);
    this.schedule(5_000);
  }

  async disconnect(): Promise<void> {
    await this.repository.deleteConnection();
    this.cancelSchedule();
  }

  async setBudget(dailyBytes: number | null, monthlyBytes: number | null): Promise<void> {
    await this.repository.updateState((state) => (state.budget = { dailyBytes, monthlyBytes }));
  }

  get running(): boolean {
    return this.#running !== null;
  }

  /** Starts a sync unless one is running; resolves when it ends. Never throws: errors go to the state. */
  run(): Promise<void> {
    this.#running ??= this.#runOnce().finally(() => (this.#running = null));
    return this.#running;
  }

  async #runOnce(): Promise<void> {
    const connection = await this.repository.getConnection();
    if (!connection) return;
    const now = new Date();
    let state = await this.repository.updateState((s) => (s.lastAttemptAt = now.toISOString()));
    const reached = budgetReached(state, now);
    if (reached) {
      await this.recordError(new LinkError('BUDGET_REACHED', `The ${reached === 'day' ? 'daily' : 'monthly'} data budget is used up. Sync resumes on ${resumesAt(reached, now).slice(0, 10)}, or raise the budget.`));
      // Nothing else travels, but central still hears that the truck is alive.
      await this.#heartbeat(connection);
      return;
    }
    // Count bytes as they cross the link and stop the run if the budget runs out mid-way.
    const controller = new AbortController();
    const meter = new ByteMeter();
    const limit = remainingBudget(state, now);
    const fetchLink = makeLinkFetch({
      timeoutMs: this.options.timeoutMs,
      signal: controller.signal,
      onBytes: (sent, received) => {
        meter.add(sent, received);
        if (meter.total.sent + meter.total.received >= limit) controller.abort(new LinkError('BUDGET_REACHED', 'The data budget ran out during this sync; it resumes when the budget allows.'));
      },
    });
    const rescueLink = makeLinkFetch({ timeoutMs: 10_000, onBytes: (sent, received) => meter.add(sent, received) });
    this.#written = 0;
    // Each pass of the push counts from zero: keep a total across passes.
    let earlierPasses = 0;
    let thisPass = 0;
    let pushed = false;
    const saver = setInterval(() => void this.#saveBytes(meter), BYTES_SAVE_MS);
    try {
      const result = await pushToCentral(this.store.databases.hub, { databaseUrl: `${connection.centralUrl}/${connection.database}`, username: connection.username, password: connection.password }, {
        fetch: fetchLink,
        // Only after the budget stopped the run (the link itself works): one
        // checkpoint write, so the next run does not ask about what arrived.
        rescueFetch: (input, init) => (controller.signal.aborted ? rescueLink(input, init) : Promise.reject(new Error('the link failed'))),
        ...(this.options.batchBytes ? { batchBytes: this.options.batchBytes } : {}),
        onProgress: (written) => {
          if (written < thisPass) earlierPasses += thisPass;
          thisPass = written;
          this.#written = earlierPasses + written;
        },
      });
      const central = { databaseUrl: `${connection.centralUrl}/${connection.database}`, username: connection.username, password: connection.password, fetch: fetchLink };
      const conflicts = await detectConflicts(new ConflictRepository(this.store.databases.hub), central, state, this.options.log);
      const finishedAt = new Date().toISOString();
      state = await this.repository.updateState((s) => {
        addBytes(s, meter.take());
        s.lastSuccessAt = finishedAt;
        s.lastError = null;
        s.pushedSeq = result.lastSeq;
        s.refused = mergeRefused(s.refused, result.denied);
        Object.assign(s, conflicts);
        s.lastRun = { at: finishedAt, ok: true, ...meter.total, written: result.written };
      });
      this.#failures = 0;
      this.#unreachable = false;
      pushed = true;
    } catch (error) {
      await this.repository.updateState((s) => {
        addBytes(s, meter.take());
        s.lastRun = { at: new Date().toISOString(), ok: false, ...meter.total, written: this.#written };
      });
      const reason = controller.signal.aborted && controller.signal.reason instanceof LinkError ? controller.signal.reason : error;
      const explained = explainLinkFailure(reason, connection.centralUrl);
      await this.recordError(explained);
      this.#failures += 1;
      this.#unreachable = explained.code === 'CENTRAL_UNREACHABLE';
    }
    // Records first, then the library: a short link window carries what the
    // programme's figures need before it carries courses.
    try {
      if (pushed && this.staff) await this.#exchangeStaff(connection, fetchLink, meter, controller.signal);
      if (pushed && this.library) await this.#pullLibrary(connection, fetchLink, meter, controller.signal);
    } finally {
      clearInterval(saver);
      await this.#saveBytes(meter);
    }
    const budgetRanOut = controller.signal.aborted && (controller.signal.reason as LinkError | undefined)?.code === 'BUDGET_REACHED';
    if (pushed || budgetRanOut) await this.#heartbeat(connection);
  }

  /** Tells central this hub's status (sync/replicator/heartbeat.ts). Best effort:
   * a failure here is not a failed sync, and a few hundred bytes may pass a
   * used-up budget (they are counted). */
  async #heartbeat(connection: ConnectionDoc): Promise<void> {
    const bytes = { sent: 0, received: 0 };
    const fetch = makeLinkFetch({ timeoutMs: Math.min(this.options.timeoutMs, 15_000), onBytes: (sent, received) => ((bytes.sent += sent), (bytes.received += received)) });
    try {
      const status = await this.status();
      await sendHeartbeat(
        { databaseUrl: `${connection.centralUrl}/${connection.database}`, username: connection.username, password: connection.password, fetch },
        {
          hubId: this.store.hubId,
          at: new Date().toISOString(),
          softwareVersion: (this.#version ??= readVersion()),
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
      this.options.log.warn({ err: (error as Error).message }, "central did not take this hub's status; it is sent again after the next sync");
    } finally {
      if (bytes.sent + bytes.received > 0) await this.repository.updateState((s) => addBytes(s, bytes));
    }
  }

  /** Adds the bytes counted since the last save to today's figures. */
  async #saveBytes(meter: ByteMeter): Promise<void> {
    const bytes = meter.take();
    if (bytes.sent + bytes.received === 0) return;
    try {
      await this.repository.updateState((s) => addBytes(s, bytes));
    } catch (error) {
      this.options.log.warn({ err: (error as Error).message }, 'the bytes used by this sync could not be saved yet');
      meter.giveBack(bytes);
    }
  }

  /** Staff accounts both ways through central (staff-exchange.ts): a few small
   * requests, before the library, since a disable must not wait behind courses. */
  async #exchangeStaff(connection: ConnectionDoc, fetchLink: FetchLike, meter: ByteMeter, signal: AbortSignal): Promise<void> {
    try {
      const source = { databaseUrl: `${connection.centralUrl}/${STAFF_DB}`, username: connection.username, password: connection.password, fetch: fetchLink };
      const result = await exchangeStaff(this.staff!, source, this.options.log);
      if (result.unavailable) this.options.log.info('central has no staff accounts database yet: staff roam once central is upgraded (darasa central upgrade)');
    } catch (error) {
      const reason = signal.aborted && signal.reason instanceof LinkError ? signal.reason : error;
      await this.recordError(explainLinkFailure(reason, connection.centralUrl));
      this.#failures += 1;
    } finally {
      await this.#saveBytes(meter);
    }
  }

  async #pullLibrary(connection: ConnectionDoc, fetchLink: FetchLike, meter: ByteMeter, signal: AbortSignal): Promise<void> {
    const library = this.library!;
    const state = await this.repository.getState();
    try {
      const result = await pullLibrary(
        { databaseUrl: `${connection.centralUrl}/${LIBRARY_DB}`, username: connection.username, password: connection.password },
        { fetch: fetchLink, downloadsDir: library.downloadsDir, wants: (doc) => library.wants(doc, state.library ?? emptyLibraryState()), install: (zip) => library.install(zip) },
      );
      // Central's decisions on this hub's reviewed courses (issue 9): one small request.
      const decisions = await pullDecisions({ databaseUrl: `${connection.centralUrl}/${LIBRARY_DB}`, username: connection.username, password: connection.password }, this.store.hubId, fetchLink);
      await this.repository.updateState((s) => {
        addBytes(s, meter.take());
        s.library = recordPull(s.library, result);
        if (decisions) s.library.decisions = decisions;
      });
      for (const pack of result.installed) this.options.log.info(`installed ${pack.packId} ${pack.version} from central's library`);
    } catch (error) {
      await this.#saveBytes(meter);
      const reason = signal.aborted && signal.reason instanceof LinkError ? signal.reason : error;
      await this.recordError(explainLinkFailure(reason, connection.centralUrl));
      this.#failures += 1;
    }
  }

  private async recordError(error: LinkError) {
    this.options.log.warn({ code: error.code }, error.message);
    await this.repository.updateState((s) => (s.lastError = { code: error.code, message: error.message, at: new Date().toISOString() }));
  }

  /** The panel's status (sync-status.ts), with this service's run and schedule. */
  async status() {
    // Read the flag before the state: a run that ends while the state is read must
    // show as still running (with the old state), never as finished with stale figures.
    const run = { running: this.running, written: this.#written };
    const status = await readSyncStatus(this.store.databases.hub, this.repository, run);
    return {
      ...status,
      nextAttemptAt: this.#nextAt ? new Date(this.#nextAt).toISOString() : null,
      probes: this.#unreachable ? this.#probes : 0,
    };
  }

  /** Runs now and then every interval while connected. After a failure it backs
   * off with jitter; while central is unreachable (no link), it knocks with a
   * tiny unauthenticated probe instead of a sync — up to every 5 minutes, so a
   * short link window is not missed — and syncs as soon as central answers. */
  schedule(delayMs = this.options.intervalMs): void {
    this.cancelSchedule();
    if (this.#stopped) return;
    this.#nextAt = Date.now() + delayMs;
    this.#timer = setTimeout(async () => {
      this.#nextAt = null;
      const connection = await this.repository.getConnection().catch(() => null);
      if (!connection || this.#stopped) return;
      if (this.#unreachable && !(await probeCentral(connection.centralUrl, this.options.timeoutMs))) {
        this.schedule(jitter(probeDelay(++this.#probes, this.options.retry)));
        return;
      }
      await this.run();
      if (this.#failures === 0) this.#probes = 0;
      const next = this.#failures === 0 ? this.options.intervalMs : this.#unreachable ? probeDelay(++this.#probes, this.options.retry) : retryDelay(this.#failures, this.options.retry);
      if (!this.#stopped) this.schedule(jitter(next));
    }, delayMs);
    this.#timer.unref();
  }

  cancelSchedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#nextAt = null;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.cancelSchedule();
    await this.#running?.catch(() => undefined);
  }
}

function mergeRefused(previous: (DeniedDoc & { at: string })[], denied: DeniedDoc[]) {
  const at = new Date().toISOString();
  const byId = new Map(previous.map((d) => [d.id, d]));
  for (const d of denied) byId.set(d.id, { ...d, at });
  return [...byId.values()].slice(-500);
}
