// Event ingest under a class's load (issue 5): a real hub process, real
// signed-in learners (21, then 200), each sending an event every 2 s and
// loading a lesson now and then, from a load generator in its own process
// (events-load.ts). Reports throughput, p50/p99 ingest latency, lesson-load
// p99, and — after the hub is stopped — whether every acknowledged event is on
// disk exactly once. Then the ceiling: one-event requests back to back, side by
// side with raw PouchDB bulkDocs of one document on the same machine; the ratio
// says how much of the store's speed the API keeps. Targets printed, not asserted.
// BENCH_EVENTS_SECONDS (default 30) sets each paced phase, a third of it the ceiling.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../server/config.ts';
import { openDatabase } from '../../server/store/open-database.ts';
import { openStore } from '../../server/store/store.ts';
import { learnerOverHttp } from '../../server/learning/test-fixtures.ts';
import type { EventDoc } from '../../sync/documents.ts';
import { setUpHubOverHttp, signInOverHttp, type TestSession } from '../support/auth.ts';
import { startHubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { percentile, round, type Benchmark, type BenchRow } from './harness.ts';
import type { LoadConfig, LoadLearner, LoadResult } from './events-load.ts';

const SECONDS = Number(process.env.BENCH_EVENTS_SECONDS ?? 30);
const OBJECT = { courseId: 'computer-basics-en', lessonId: 'cb-en-l01', activityId: 'cb-en-l01-a1' };
const SATURATE_CONCURRENCY = 50;
// Each learner opens a lesson this often (BENCH_EVENTS_LESSON_MS; a huge value isolates ingest).
const LESSON_EVERY_MS = Number(process.env.BENCH_EVENTS_LESSON_MS ?? 20_000);

async function runLoad(config: LoadConfig): Promise<LoadResult> {
  const dir = await makeTempDir('darasa-events-bench-');
  const configFile = path.join(dir, 'config.json');
  const outFile = path.join(dir, 'out.json');
  writeFileSync(configFile, JSON.stringify(config));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests', 'bench', 'events-load.ts'), configFile, outFile], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the load generator exited ${code}`);
  return JSON.parse(readFileSync(outFile, 'utf8')) as LoadResult;
}

/** Raw PouchDB: one-document bulkDocs calls, `concurrency` at a time, for `seconds`. */
async function rawBulkDocs(seconds: number, concurrency: number): Promise<number> {
  const db = await openDatabase(await makeTempDir('darasa-raw-bench-'), 'hub');
  let written = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, i) => {
    while (performance.now() < end) {
      const at = new Date().toISOString();
      const doc: EventDoc = {
        _id: `event:hub-benchbench:${crypto.randomUUID()}`, type: 'event', createdAt: at, personId: `person:hub-benchbench:${i}`, verb: 'answered',
        object: OBJECT, result: { response: { choice: i % 2 }, correct: true, score: 1 }, at, receivedAt: at, workstation: '127.0.0.1',
      };
      const [result] = await db.bulkDocs([doc]);
      if (result && 'ok' in result && result.ok) written++;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  await db.close();
  return written / elapsed;
}

function phaseRows(label: string, result: LoadResult, seconds: number): BenchRow[] {
  const p99 = round(percentile(result.ingestMs, 99), 1);
  const rows: BenchRow[] = [
    { bench: 'events', metric: `${label}: events/s accepted`, value: round(result.accepted.length / seconds, 1), unit: 'events/s', note: `${result.eventsSent} sent in ${seconds} s` },
    { bench: 'events', metric: `${label}: ingest latency p50`, value: round(percentile(result.ingestMs, 50), 1), unit: 'ms' },
    { bench: 'events', metric: `${label}: ingest latency p99`, value: p99, unit: 'ms', ...(label.startsWith('200') ? { target: '≤ 50 ms', meets: p99 <= 50 } : {}), note: `max ${round(Math.max(...result.ingestMs), 1)} ms` },
    { bench: 'events', metric: `${label}: errors (failed requests, rejected events)`, value: result.ingestErrors + result.rejected, unit: 'count', target: '0', meets: result.ingestErrors + result.rejected === 0 },
  ];
  if (result.lessonMs.length > 0) {
    rows.push({ bench: 'events', metric: `${label}: lesson load p99`, value: round(percentile(result.lessonMs, 99), 1), unit: 'ms', note: `${result.lessonMs.length} loads, ${result.lessonErrors} errors` });
  }
  return rows;
}

export const events: Benchmark = {
  name: 'events',
  async run() {
    const dataDir = await makeTempDir('darasa-events-hub-');
    const hub = await startHubProcess({ DATA_DIR: dataDir, CLIENT_DIR: '', LOG_LEVEL: 'warn' });
    const rows: BenchRow[] = [];
    const acknowledged: string[] = [];
    let unexpectedDuplicates = 0;
    try {
      const admin = await setUpHubOverHttp(hub.url);
      const staff = await signInOverHttp(hub.url, admin.username, admin.password);
      const course = (await (await fetch(`${hub.url}/api/courses/${OBJECT.courseId}`, { headers: { cookie: staff.cookie } })).json()) as { modules: { lessons: { id: string }[] }[] };
      const lessonIds = course.modules.flatMap((m) => m.lessons.map((l) => l.id));

      // 200 learners, signed in four at a time (each sign-in hashes a PIN with the production scrypt).
      const sessions: TestSession[] = [];
      for (let i = 0; i < 200; i += 4) sessions.push(...(await Promise.all([0, 1, 2, 3].map((k) => learnerOverHttp(hub.url, staff, `Bench ${i + k}`)))));
      const asLoad = (list: TestSession[]): LoadLearner[] => list.map((s, i) => ({ cookie: s.cookie, csrfToken: s.csrfToken, address: `127.0.${1 + Math.floor(i / 250)}.${2 + (i % 250)}` }));
      const base = { url: hub.url, intervalMs: 2000, lessonEveryMs: LESSON_EVERY_MS, lessonIds, object: OBJECT };

      for (const count of [21, 200]) {
        const result = await runLoad({ ...base, mode: 'paced', seconds: SECONDS, learners: asLoad(sessions.slice(0, count)) });
        rows.push(...phaseRows(`${count} learners, 1 event/2 s + lessons`, result, SECONDS));
        acknowledged.push(...result.accepted);
        unexpectedDuplicates += result.unexpectedDuplicates;
      }

      const ceilingSeconds = Math.max(5, Math.round(SECONDS / 3));
      const ceiling = await runLoad({ ...base, mode: 'saturate', seconds: ceilingSeconds, learners: asLoad(sessions.slice(0, SATURATE_CONCURRENCY)) });
      acknowledged.push(...ceiling.accepted);
      unexpectedDuplicates += ceiling.unexpectedDuplicates;
      const ingestCeiling = ceiling.accepted.length / ceilingSeconds;
      rows.push(...phaseRows(`ceiling (${SATURATE_CONCURRENCY} learners back to back)`, ceiling, ceilingSeconds));
      await hub.stop('SIGTERM');

      const raw = await rawBulkDocs(ceilingSeconds, SATURATE_CONCURRENCY);
      rows.push({ bench: 'events', metric: `raw PouchDB bulkDocs, 1 doc per call, ${SATURATE_CONCURRENCY} at a time`, value: round(raw, 0), unit: 'docs/s', note: 'same machine, no HTTP' });
      rows.push({ bench: 'events', metric: 'ingest ceiling / raw bulkDocs', value: round(ingestCeiling / raw, 2), unit: 'ratio', note: `${round(ingestCeiling, 0)} events/s over HTTP` });
    } finally {
      await hub.stop('SIGTERM');
    }

    // Exactly once: every acknowledged id on disk, once; nothing answered `duplicate` that was sent once.
    const store = await openStore(dataDir);
    try {
      const stored = new Set((await store.databases.hub.allDocs({ startkey: 'event:', endkey: 'event:\uffff' })).rows.map((row) => row.id.split(':')[2]!));
      const lost = acknowledged.filter((id) => !stored.has(id)).length;
      const duplicated = unexpectedDuplicates + (acknowledged.length - new Set(acknowledged).size);
      rows.push({ bench: 'events', metric: 'acknowledged events lost', value: lost, unit: 'count', target: '0', meets: lost === 0, note: `${acknowledged.length} acknowledged, ${stored.size} stored` });
      rows.push({ bench: 'events', metric: 'events duplicated', value: duplicated, unit: 'count', target: '0', meets: duplicated === 0 });
    } finally {
      await store.close();
      await removeTempDirs();
    }
    return rows;
  },
};
