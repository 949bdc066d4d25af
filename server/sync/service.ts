// Sync with central, as the hub runs it: one connection (tested before it is
// stored), one-shot runs on a schedule and on demand, never two at once; the
// data budget (budget.ts) checked before and during a run, whose bytes are
// metered and saved as they go; a status made for the panel (sync-status.ts).
// The steps of a run are their own files (push-step.ts, staff-step.ts,
// library-step.ts, hub-heartbeat.ts). Failures back off (retry.ts: 30 s
// doubling to 1 h, with jitter so 20 trucks coming back online together do not
// knock at once) and are shown in plain words.
import type { Store } from '../store/store.ts';
import { makeLinkFetch } from '../../sync/replicator/link-fetch.ts';
import { hubDatabase } from '../../sync/central/provision.ts';
import type { Accounts } from '../auth/accounts.ts';
import { explainLinkFailure, LinkError } from './link-errors.ts';
import { probeCentral } from './reachability.ts';
import { jitter, probeDelay, retryDelay, type RetryOptions } from './retry.ts';
import { addBytes, budgetReached, remainingBudget, resumesAt } from './budget.ts';
import { ByteMeter } from './byte-meter.ts';
import type { RunContext, SyncLog } from './run-context.ts';
import { pushRecords } from './push-step.ts';
import { exchangeStaffStep } from './staff-step.ts';
import { pullLibraryStep } from './library-step.ts';
import { sendHubHeartbeat } from './hub-heartbeat.ts';
import { readSyncStatus } from './sync-status.ts';
import type { LibraryInstaller } from './library.ts';
import type { ConnectionDoc, SyncRepository } from './repository.ts';

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
  log: SyncLog;
}

export class SyncService {
  #running: Promise<void> | null = null;
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

  /** One run: push (push-step.ts), then staff (staff-step.ts) and the library
   * (library-step.ts) if the push got through, then the heartbeat. The budget
   * stops the run before it starts or mid-way (through the link's abort signal). */
  async #runOnce(): Promise<void> {
    const connection = await this.repository.getConnection();
    if (!connection) return;
    const now = new Date();
    const state = await this.repository.updateState((s) => (s.lastAttemptAt = now.toISOString()));
    const reached = budgetReached(state, now);
    if (reached) {
      await this.recordError(new LinkError('BUDGET_REACHED', `The ${reached === 'day' ? 'daily' : 'monthly'} data budget is used up. Sync resumes on ${resumesAt(reached, now).slice(0, 10)}, or raise the budget.`));
      // Nothing else travels, but central still hears that the truck is alive,
      // and staff accounts still come and go: a disabled account must not keep
      // signing in here until next month's budget (a few small requests, ~1 KB
      // with nothing new; counted like the heartbeat).
      if (this.staff) await this.#staffDespiteBudget(connection);
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
    const run: RunContext = {
      connection,
      fetch: fetchLink,
      meter,
      signal: controller.signal,
      repository: this.repository,
      log: this.options.log,
      saveBytes: () => this.#saveBytes(meter),
      fail: async (error) => {
        await this.recordError(error);
        this.#failures += 1;
      },
    };
    this.#written = 0;
    const saver = setInterval(() => void this.#saveBytes(meter), BYTES_SAVE_MS);
    let pushed = false;
    try {
      const failure = await pushRecords(run, {
        hub: this.store.databases.hub,
        state,
        ...(this.options.batchBytes ? { batchBytes: this.options.batchBytes } : {}),
        onWritten: (written) => (this.#written = written),
      });
      pushed = failure === null;
      this.#unreachable = failure?.code === 'CENTRAL_UNREACHABLE';
      if (pushed) this.#failures = 0;
      // Records first, then the library: a short link window carries what the
      // programme's figures need before it carries courses.
      if (pushed && this.staff) await exchangeStaffStep(run, this.staff);
      if (pushed && this.library) await pullLibraryStep(run, this.library, this.store.hubId);
    } finally {
      clearInterval(saver);
      await this.#saveBytes(meter);
    }
    const budgetRanOut = controller.signal.aborted && (controller.signal.reason as LinkError | undefined)?.code === 'BUDGET_REACHED';
    if (pushed || budgetRanOut) await this.#heartbeat(connection);
  }

  #heartbeat(connection: ConnectionDoc): Promise<void> {
    return sendHubHeartbeat(connection, { hubId: this.store.hubId, timeoutMs: this.options.timeoutMs, repository: this.repository, log: this.options.log, status: () => this.status() });
  }

  /** Adds the bytes counted since the last save to today's figures. */
  async #staffDespiteBudget(connection: ConnectionDoc): Promise<void> {
    const meter = new ByteMeter();
    const run: RunContext = {
      connection,
      fetch: makeLinkFetch({ timeoutMs: this.options.timeoutMs, onBytes: (sent, received) => meter.add(sent, received) }),
      meter,
      signal: new AbortController().signal,
      repository: this.repository,
      log: this.options.log,
      saveBytes: () => this.#saveBytes(meter),
      // The panel keeps saying the budget is used up; this step's failure is only logged.
      fail: async (error) => this.options.log.warn({ code: error.code }, `staff accounts were not exchanged with central: ${error.message}`),
    };
    await exchangeStaffStep(run, this.staff!);
  }

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
