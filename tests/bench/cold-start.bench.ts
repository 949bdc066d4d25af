// Hub cold start: from spawning the process to the first healthy /api/health,
// with an empty store, measured beside the floor — the same `node --import tsx`
// process that only starts and exits — so the ratio shows what the hub adds.
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../../server/config.ts';
import { startHubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { median, round, type Benchmark } from './harness.ts';

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);

async function timeHubToHealthy(dataDir: string): Promise<number> {
  const started = performance.now();
  const hub = await startHubProcess({ DATA_DIR: dataDir });
  for (;;) {
    const response = await fetch(`${hub.url}/api/health`).catch(() => null);
    if (response?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const elapsed = performance.now() - started;
  await hub.stop();
  return elapsed;
}

function timeBareNode(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', '0'], { cwd: REPO_ROOT, stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', () => resolve(performance.now() - started)));
}

export const coldStart: Benchmark = {
  name: 'cold-start',
  async run() {
    const empty: number[] = [];
    const floor: number[] = [];
    await timeHubToHealthy(await makeTempDir()); // warm tsx's transform cache, as on a hub that has run before
    for (let i = 0; i < RUNS; i++) {
      floor.push(await timeBareNode());
      empty.push(await timeHubToHealthy(await makeTempDir()));
    }
    const reopened = await makeTempDir();
    await timeHubToHealthy(reopened);
    const existing: number[] = [];
    for (let i = 0; i < RUNS; i++) existing.push(await timeHubToHealthy(reopened));
    await removeTempDirs();
    const ms = (v: number) => round(v / 1000, 3);
    return [
      { bench: 'cold-start', metric: 'empty store → healthy (median)', value: ms(median(empty)), unit: 's', target: '≤ 1.5 s', meets: median(empty) <= 1500, note: `${RUNS} runs, max ${ms(Math.max(...empty))} s` },
      { bench: 'cold-start', metric: 'existing store → healthy (median)', value: ms(median(existing)), unit: 's', note: 'reopening a hub that ran before' },
      { bench: 'cold-start', metric: 'floor: node + tsx start and exit (median)', value: ms(median(floor)), unit: 's' },
      { bench: 'cold-start', metric: 'ratio hub / floor', value: round(median(empty) / median(floor)), unit: '×' },
    ];
  },
};

