// Central reporting (issue 8): hubs × events loaded into the embedded central
// (its own process, `npm run central`'s server, LevelDB on disk), then the
// dashboard's API over HTTP: the first impact page while CouchDB builds the
// views (cold), the same page and every grouping once built (warm, p50/p99),
// the fleet, the trainer figures and the library table (issue 9), at 5 hubs
// and again at 20 — how the cost grows with the fleet: the last rows are the
// ratios 20 hubs / 5 hubs of the same run, and the load average is noted.
// Scale: BENCH_CENTRAL_HUBS (20), BENCH_CENTRAL_EVENTS (events per hub, 20000),
// BENCH_CENTRAL_RUNS (warm requests per call, 20). With BENCH_CENTRAL_COUCH_URL
// (and BENCH_CENTRAL_COUCH_USER / _PASSWORD) the same runs against a real
// CouchDB 3 instead, under random hub ids removed afterwards. Targets printed,
// never asserted.
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { hubDatabase, registerHub } from '../../sync/central/provision.ts';
import { couchRequest, type CentralAdmin } from '../../sync/central/couch-http.ts';
import { TEST_KDF } from '../../server/auth/kdf.ts';
import { buildDashboard } from '../../server/central-dashboard/app.ts';
import { startCentralProcess } from '../support/central-process.ts';
import { hubStatusDoc, loadHubDocs, makeHubData, putLibraryPack } from '../support/impact-data.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { median, percentile, round, type Benchmark, type BenchRow } from './harness.ts';

const HUBS = Number(process.env.BENCH_CENTRAL_HUBS ?? 20);
const EVENTS = Number(process.env.BENCH_CENTRAL_EVENTS ?? 20_000);
const RUNS = Number(process.env.BENCH_CENTRAL_RUNS ?? 20);
const FIRST = Math.min(5, HUBS);
const MONTHS = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
const PAGE = 'from=2026-11-01&to=2026-11-30&groupBy=month';
const GROUPINGS = ['hub', 'country', 'course', 'month', 'gender', 'ageBand'];

const COUCH_URL = process.env.BENCH_CENTRAL_COUCH_URL;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz234567';
const RUN_TAG = Array.from({ length: 3 }, () => LETTERS[Math.floor(Math.random() * 32)]).join('');

/** A valid hub id (hub- and ten of a-z2-7) for the n-th bench hub. */
function hubId(n: number): string {
  return `hub-bench${LETTERS[Math.floor(n / 32) % 32]}${LETTERS[n % 32]}${RUN_TAG}`;
}

async function removeBenchHubs(central: CentralAdmin, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    await couchRequest(central, 'DELETE', `/${hubDatabase(hubId(n))}`);
    const user = await couchRequest<{ _rev?: string }>(central, 'GET', `/_users/org.couchdb.user:darasa-${hubId(n)}`);
    if (user.body._rev) await couchRequest(central, 'DELETE', `/_users/org.couchdb.user:darasa-${hubId(n)}?rev=${user.body._rev}`);
  }
}

async function timed(url: string, cookie: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  await response.text();
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return performance.now() - start;
}

export const centralImpact: Benchmark = {
  name: 'central-impact',
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    // Each figure is printed as soon as it is measured: a run at full size on the
    // embedded central takes over an hour, and a stopped run keeps what it had.
    const record = (row: BenchRow) => {
      rows.push(row);
      console.log(`  central-impact: ${row.metric}: ${row.value} ${row.unit}${row.note ? ` (${row.note})` : ''}`);
    };
    const bench = 'central-impact';
    const embedded = COUCH_URL ? null : await startCentralProcess({ CENTRAL_DATA_DIR: await makeTempDir('darasa-bench-central-'), CENTRAL_DASHBOARD: 'off' } as never, 60_000);
    // The embedded central answers nothing else while it builds views (one
    // Node process): give the dashboard's reads of it the same long patience.
    const central = embedded ? { admin: { ...embedded.admin, timeoutMs: 600_000 } } : {
      admin: { url: COUCH_URL!, adminUser: process.env.BENCH_CENTRAL_COUCH_USER ?? 'admin', adminPassword: process.env.BENCH_CENTRAL_COUCH_PASSWORD ?? '', timeoutMs: 600_000 },
    };
    const where = embedded ? 'embedded' : 'CouchDB 3';
    let app: FastifyInstance | null = null;
    let loaded = 0;
    const bySize = new Map<number, Map<string, number>>();
    const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');
    record({ bench, metric: 'load average (1 / 5 / 15 min) at start', value: round(loadavg()[0]!, 1), unit: '', note: load() });
    try {
      app = await buildDashboard({
        central: central.admin, version: 'bench', clientDir: null, logLevel: 'warn', kdf: TEST_KDF,
        staleDays: 7, indexWaitMs: 120_000, sessionHours: 1, firstAdministrator: { username: 'bench', password: 'bench-password-1' },
      });
      const base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');
      const signIn = await fetch(`${base}/api/central/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench-password-1' }) });
      const cookie = String(signIn.headers.get('set-cookie')).split(';')[0]!;
      await putLibraryPack(central.admin, `bench-pack-${RUN_TAG}`, 'Bench library pack', ['reading-2']);

      const loadUpTo = async (count: number) => {
        const start = performance.now();
        for (; loaded < count; loaded++) {
          const id = hubId(loaded);
          await registerHub(central.admin, id);
          const data = makeHubData(id, { name: `Bench truck ${loaded + 1}`, country: ['KE', 'TZ', 'UG'][loaded % 3]!, seed: 100 + loaded, events: EVENTS, learners: 40, months: MONTHS });
          await loadHubDocs(central.admin, id, [...data.docs, hubStatusDoc(id, new Date().toISOString(), new Date().toISOString())]);
        }
        return performance.now() - start;
      };

      for (const size of [...new Set([FIRST, HUBS])]) {
        const loadMs = await loadUpTo(size);
        const tag = `${where}, ${size} hubs × ${EVENTS} events`;
        const figures = new Map<string, number>();
        bySize.set(size, figures);
        record({ bench, metric: `load (${tag}, _bulk_docs)`, value: round(loadMs / 1000, 1), unit: 's' });
        // Cold: the page asked again (as the page does while "still being
        // counted") until every hub's figures are in it.
        const coldStart = performance.now();
        let polls = 0;
        for (let complete = false; !complete; polls++) {
          const response = await fetch(`${base}/api/central/impact?${PAGE}`, { headers: { cookie } });
          if (!response.ok) throw new Error(`cold impact page: ${response.status} ${await response.text()}`);
          complete = ((await response.json()) as { complete: boolean }).complete;
        }
        const cold = performance.now() - coldStart;
        figures.set('first impact page, cold (s)', cold / 1000);
        record({ bench, metric: `first impact page, cold: views building (${tag})`, value: round(cold / 1000, 2), unit: 's', note: `until every hub is in it (views of the hubs just loaded built meanwhile; ${polls} request${polls === 1 ? '' : 's'} of ≤ 120 s)` });
        // Views built, rows not read before: each request a range not asked yet.
        const fresh: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const day = String(1 + ((i + size) % 27)).padStart(2, '0');
          const range = i % 2 ? `from=2026-0${6 + (i % 4)}-${day}&to=2026-11-${day}` : `from=2026-06-${day}&to=2026-${String(7 + (i % 5)).padStart(2, '0')}-28`;
          fresh.push(await timed(`${base}/api/central/impact?${range}&groupBy=${GROUPINGS[i % GROUPINGS.length]}`, cookie));
        }
        // The same pages again, no hub changed since: rows reused.
        const page: number[] = [];
        const all: number[] = [];
        const fleet: number[] = [];
        const teachers: number[] = [];
        const library: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          page.push(await timed(`${base}/api/central/impact?${PAGE}`, cookie));
          all.push(await timed(`${base}/api/central/impact?from=2026-06-01&to=2026-11-30&groupBy=${GROUPINGS[i % GROUPINGS.length]}`, cookie));
          fleet.push(await timed(`${base}/api/central/hubs`, cookie));
          teachers.push(await timed(`${base}/api/central/trainers?from=2026-06-01&to=2026-11-30&groupBy=${['hub', 'country', 'month'][i % 3]}`, cookie));
          library.push(await timed(`${base}/api/central/library?from=2026-06-01&to=2026-11-30`, cookie));
        }
        const calls = [...fresh, ...page, ...all, ...fleet, ...teachers, ...library];
        figures.set('range not read before, median (ms)', median(fresh));
        figures.set('same page again, median (ms)', median(page));
        figures.set('six months, any grouping, again, p99 (ms)', percentile(all, 99));
        figures.set('teachers + library, six months, p99 (ms)', percentile([...teachers, ...library], 99));
        figures.set('fleet, p99 (ms)', percentile(fleet, 99));
        figures.set('dashboard API calls, warm, p99 (ms)', percentile(calls, 99));
        record({ bench, metric: `impact, views built, range not read before, median (${tag})`, value: round(median(fresh)), unit: 'ms' });
        record({ bench, metric: `impact, views built, range not read before, p99 (${tag})`, value: round(percentile(fresh, 99)), unit: 'ms' });
        record({ bench, metric: `first impact page again, median (${tag})`, value: round(median(page)), unit: 'ms', note: 'no hub changed: rows reused' });
        record({ bench, metric: `impact, six months, any grouping, again, p99 (${tag})`, value: round(percentile(all, 99)), unit: 'ms' });
        record({ bench, metric: `fleet, warm, p99 (${tag})`, value: round(percentile(fleet, 99)), unit: 'ms' });
        record({ bench, metric: `teachers and library tables, six months, again, p99 (${tag})`, value: round(percentile([...teachers, ...library], 99)), unit: 'ms' });
        record({ bench, metric: `dashboard API calls, warm, p99 (${tag})`, value: round(percentile(calls, 99)), unit: 'ms', note: `${calls.length} sequential calls` });
      }
      record({ bench, metric: 'load average (1 / 5 / 15 min) at end', value: round(loadavg()[0]!, 1), unit: '', note: load() });
      // How the cost grows: the same figures at both sizes, and their ratio.
      const [small, large] = [bySize.get(FIRST), bySize.get(HUBS)];
      if (small && large && FIRST !== HUBS) {
        console.log(`\ncentral-impact: growth from ${FIRST} to ${HUBS} hubs × ${EVENTS} events (${where}, this run)`);
        console.log(`| figure | ${FIRST} hubs | ${HUBS} hubs | ratio |`);
        console.log('|---|---|---|---|');
        for (const [name, value] of small) {
          const big = large.get(name)!;
          console.log(`| ${name} | ${round(value, 2)} | ${round(big, 2)} | ${round(big / value, 2)}× |`);
          record({ bench, metric: `growth ${FIRST} → ${HUBS} hubs: ${name}`, value: round(big / value, 2), unit: '×', note: `${round(value, 2)} → ${round(big, 2)}` });
        }
      }
    } finally {
      await app?.close();
      if (embedded) await embedded.stop();
      else {
        await removeBenchHubs(central.admin, loaded).catch(() => undefined);
        const pack = await couchRequest<{ _rev?: string }>(central.admin, 'GET', `/darasa-library/${encodeURIComponent(`library-pack:bench-pack-${RUN_TAG}`)}`).catch(() => null);
        if (pack?.body._rev) await couchRequest(central.admin, 'DELETE', `/darasa-library/${encodeURIComponent(`library-pack:bench-pack-${RUN_TAG}`)}?rev=${pack.body._rev}`).catch(() => undefined);
      }
      await removeTempDirs();
    }
    return rows;
  },
};
