// The "day in the truck" sync bench (issue 7, Measure): a generated day
// (day-in-the-truck.ts: 21 learners, ~10 000 events, people, classes,
// attendance, one local course) pushed from a real hub PouchDB on disk to the
// embedded central in its own process (its CPU is not the bench's), through
// the link simulator (tests/support/link-proxy.ts):
//   loopback                     no delay, no rate limit
//   512 kbit/s, 600 ms RTT       64 000 B/s each way, 300 ms each way
//   256 kbit/s, 800 ms RTT, cut  32 000 B/s, 400 ms; the link is cut once half
//                                of the bytes went up, then a second run resumes
// Side by side in the same run, each into a fresh registered hub database:
//   ours       pushToCentral with makeLinkFetch (what the hub runs)
//   defaults   PouchDB.replicate with default settings (no gzip, batch_size
//              100, plain fetch); given the same filter, so both carry the
//              same documents (held-back types stay home)
//   limit      the physical limit: gzip -6 of the travelling documents' JSON
//              ÷ bandwidth, plus one round trip per request the protocol
//              cannot do without (read the checkpoint, send, write the
//              checkpoint: 3)
// Wall time, bytes on the wire both ways (the proxy's counters: headers and
// all), requests (counted in the fetch each side uses), and the documents
// found at central afterwards (every one, once). Targets printed, not asserted.
// BENCH_SYNC_EVENTS (default 10 000) scales the day; BENCH_SYNC_CAP_S (default
// 600) caps a defaults run, reported as "> cap".
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { PouchDB, type Database } from '../../sync/pouchdb.ts';
import { newHubId } from '../../sync/ids.ts';
import { ensureCentral, registerHub, type HubRegistration } from '../../sync/central/provision.ts';
import { makeLinkFetch, type FetchLike } from '../../sync/replicator/link-fetch.ts';
import { pushToCentral, travels } from '../../sync/replicator/push.ts';
import { startCentralProcess, type CentralProcess } from '../support/central-process.ts';
import { startLinkProxy, type LinkProxy, type LinkSettings } from '../support/link-proxy.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { round, type Benchmark, type BenchRow } from './harness.ts';
import { writeDayInTheTruck } from './day-in-the-truck.ts';

const EVENTS = Number(process.env.BENCH_SYNC_EVENTS ?? 10_000);
const CAP_MS = Number(process.env.BENCH_SYNC_CAP_S ?? 600) * 1000;
/** Requests any resumable push needs at least: read the checkpoint, send, write the checkpoint. */
const MINIMAL_REQUESTS = 3;

interface Link {
  name: string;
  settings: LinkSettings;
  rttMs: number;
  cut: boolean;
}

const LINKS: Link[] = [
  { name: 'loopback', settings: {}, rttMs: 0, cut: false },
  { name: '512 kbit/s, 600 ms RTT', settings: { bandwidthBytesPerSec: 64_000, latencyMs: 300 }, rttMs: 600, cut: false },
  { name: '256 kbit/s, 800 ms RTT, one cut', settings: { bandwidthBytesPerSec: 32_000, latencyMs: 400 }, rttMs: 800, cut: true },
];

interface Outcome {
  ms: number;
  up: number;
  down: number;
  requests: number;
  arrived: number;
  capped: boolean;
  runs: number;
}

type Method = 'ours' | 'defaults';

function counting(fetchImpl: FetchLike, count: { requests: number }): FetchLike {
  return (input, init) => {
    count.requests += 1;
    return fetchImpl(input, init);
  };
}

/** One push attempt; rejects when the link is cut under it. `stop` ends a capped run. */
function pushOnce(method: Method, local: Database, registration: HubRegistration, link: LinkProxy, count: { requests: number }, stop: AbortSignal): Promise<void> {
  const databaseUrl = `${link.url}/${registration.database}`;
  if (method === 'ours') {
    const fetchLink = counting(makeLinkFetch({ timeoutMs: 120_000, signal: stop }), count);
    return pushToCentral(local, { databaseUrl, username: registration.username, password: registration.password }, { fetch: fetchLink }).then(() => undefined);
  }
  const remote = new PouchDB<object>(databaseUrl, {
    adapter: 'http',
    auth: { username: registration.username, password: registration.password },
    fetch: counting((input, init) => fetch(input, { ...init, signal: stop }), count) as never,
  } as PouchDB.Configuration.RemoteDatabaseConfiguration);
  return new Promise<void>((resolve, reject) => {
    const replication = PouchDB.replicate(local, remote, { filter: travels } as PouchDB.Replication.ReplicateOptions);
    stop.addEventListener('abort', () => replication.cancel());
    replication.on('complete', () => resolve());
    replication.on('error', reject);
  }).finally(() => remote.close().catch(() => undefined));
}

async function centralCount(central: CentralProcess, database: string): Promise<number> {
  const authorization = `Basic ${Buffer.from(`${central.adminUser}:${central.adminPassword}`).toString('base64')}`;
  const all = (await (await fetch(`${central.url}/${database}/_all_docs`, { headers: { authorization } })).json()) as { rows: { id: string }[] };
  return all.rows.filter((row) => !row.id.startsWith('_design/')).length;
}

/** The day's travelling documents as stored (id, revision, body), one JSON text. */
async function travellingJson(local: Database): Promise<{ docs: number; json: string }> {
  const all = await local.allDocs({ include_docs: true });
  const docs = all.rows.map((row) => row.doc as { _id: string; type?: string }).filter((doc) => travels(doc));
  return { docs: docs.length, json: JSON.stringify(docs) };
}

async function runOne(central: CentralProcess, link: Link, method: Method, cutAtUp: number | null): Promise<Outcome & { expected: number; gzipped: number }> {
  const hubId = newHubId();
  const local = new PouchDB<object>(path.join(await makeTempDir('darasa-sync-bench-'), 'hub'), { adapter: 'leveldb' });
  await writeDayInTheTruck(local, { hubId, events: EVENTS });
  const { docs: expected, json } = await travellingJson(local);
  const gzipped = gzipSync(json, { level: 6 }).length;
  const registration = await registerHub(central.admin, hubId);
  const proxy = await startLinkProxy({ target: `127.0.0.1:${central.port}`, ...link.settings });
  const count = { requests: 0 };
  const stop = new AbortController();
  const cap = setTimeout(() => stop.abort(new Error('capped')), CAP_MS);
  let watcher: NodeJS.Timeout | null = null;
  if (cutAtUp !== null) {
    watcher = setInterval(() => {
      if (proxy.bytes.up < cutAtUp) return;
      proxy.cut();
      clearInterval(watcher!);
      watcher = null;
    }, 10);
  }
  const started = performance.now();
  let runs = 0;
  try {
    for (;;) {
      runs += 1;
      try {
        await pushOnce(method, local, registration, proxy, count, stop.signal);
        break;
      } catch (error) {
        // The cut: the next run resumes (at once; the hub would wait for its backoff).
        if (stop.signal.aborted || runs >= 3) throw error;
      }
    }
  } catch (error) {
    if (!stop.signal.aborted) throw error;
  } finally {
    clearTimeout(cap);
    if (watcher) clearInterval(watcher);
  }
  const ms = performance.now() - started;
  const outcome = { ms, up: proxy.bytes.up, down: proxy.bytes.down, requests: count.requests, arrived: await centralCount(central, registration.database), capped: stop.signal.aborted, runs, expected, gzipped };
  await proxy.close();
  await local.close();
  return outcome;
}

function describe(o: Outcome): string {
  return `${o.arrived} docs at central${o.runs > 1 ? `, ${o.runs} runs` : ''}${o.capped ? ', stopped at the cap' : ''}`;
}

export const sync: Benchmark = {
  name: 'sync',
  async run() {
    const central = await startCentralProcess({ CENTRAL_DATA_DIR: await makeTempDir('darasa-sync-bench-central-') }, 60_000);
    const rows: BenchRow[] = [];
    const bench = 'sync';
    try {
      await ensureCentral(central.admin);
      const loopbackUp: Partial<Record<Method, number>> = {};
      for (const link of LINKS) {
        const results: Partial<Record<Method, Outcome & { expected: number; gzipped: number }>> = {};
        for (const method of ['ours', 'defaults'] as Method[]) {
          process.stderr.write(`  sync: ${method} over ${link.name}…\n`);
          const cutAt = link.cut ? Math.round((loopbackUp[method] ?? 0) / 2) : null;
          const outcome = await runOne(central, link, method, cutAt);
          if (link.rttMs === 0) loopbackUp[method] = outcome.up;
          results[method] = outcome;
        }
        const ours = results.ours!;
        const defaults = results.defaults!;
        const gz = ours.gzipped;
        const bw = link.settings.bandwidthBytesPerSec;
        const limitS = bw ? gz / bw + (MINIMAL_REQUESTS * link.rttMs) / 1000 : null;
        const slow = link.rttMs === 600;
        const L = link.name;
        const oursBytes = ours.up + ours.down;
        const defaultsBytes = defaults.up + defaults.down;
        rows.push(
          { bench, metric: `${L}: ours, wall time`, value: round(ours.ms / 1000, 1), unit: 's', note: describe(ours) },
          { bench, metric: `${L}: PouchDB defaults, wall time`, value: round(defaults.ms / 1000, 1), unit: 's', note: `${defaults.capped ? '> cap; ' : ''}${describe(defaults)}` },
          ...(limitS !== null ? [{ bench, metric: `${L}: physical limit`, value: round(limitS, 1), unit: 's', note: `${gz} B gzipped ÷ ${bw} B/s + ${MINIMAL_REQUESTS} × ${link.rttMs} ms` }] : []),
          { bench, metric: `${L}: ours, bytes on the wire (up + down)`, value: oursBytes, unit: 'B', note: `${ours.up} up, ${ours.down} down` },
          { bench, metric: `${L}: PouchDB defaults, bytes on the wire`, value: defaultsBytes, unit: 'B', note: `${defaults.up} up, ${defaults.down} down` },
          { bench, metric: `${L}: gzipped JSON of the documents`, value: gz, unit: 'B', note: `${ours.expected} documents, gzip -6` },
          { bench, metric: `${L}: ours, requests`, value: ours.requests, unit: 'count' },
          { bench, metric: `${L}: PouchDB defaults, requests`, value: defaults.requests, unit: 'count' },
          { bench, metric: `${L}: ours bytes / gzipped JSON`, value: round(oursBytes / gz, 2), unit: 'ratio', target: '≤ 1.5', meets: oursBytes / gz <= 1.5 },
          { bench, metric: `${L}: PouchDB defaults bytes / gzipped JSON`, value: round(defaultsBytes / gz, 2), unit: 'ratio' },
          {
            bench, metric: `${L}: defaults time / ours`, value: round(defaults.ms / ours.ms, 1), unit: 'ratio',
            ...(slow ? { target: '≥ 5', meets: defaults.ms / ours.ms >= 5 } : {}), ...(defaults.capped ? { note: 'defaults stopped at the cap: at least this' } : {}),
          },
          ...(limitS !== null ? [{ bench, metric: `${L}: ours / physical limit`, value: round(ours.ms / 1000 / limitS, 2), unit: 'ratio', ...(slow ? { target: '≤ 2', meets: ours.ms / 1000 / limitS <= 2 } : {}) }] : []),
          {
            bench, metric: `${L}: documents at central, exactly once`, value: ours.arrived, unit: 'count', target: `${ours.expected}`,
            meets: ours.arrived === ours.expected && (defaults.capped || defaults.arrived === defaults.expected), note: `defaults: ${defaults.arrived}`,
          },
        );
      }
    } finally {
      await central.stop('SIGTERM');
      await removeTempDirs();
    }
    return rows;
  },
};
