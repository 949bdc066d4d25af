// Hub cold start: from spawning the process to the first healthy /api/health —
// with an empty store (no seed), on the first start of a new hub (which installs
// the seed curriculum), and on a restart with the seed already installed. The hub
// runs as `npm start` runs it (compiled, dist/app); the same start through tsx
// (how tests and `npm run dev` run it) is shown beside it, and both beside the
// floor — a bare `node` that starts and exits — so the ratios show what each adds.
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../../server/config.ts';
import { startHubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { median, round, type Benchmark } from './harness.ts';

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);

const COMPILED = { HUB_ENTRY: 'dist/app/server/main.js' };

async function timeHubToHealthy(dataDir: string, env: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  const hub = await startHubProcess({ DATA_DIR: dataDir, ...COMPILED, ...env });
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
  const child = spawn(process.execPath, ['-e', '0'], { cwd: REPO_ROOT, stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', () => resolve(performance.now() - started)));
}

export const coldStart: Benchmark = {
  name: 'cold-start',
  async run() {
    const empty: number[] = [];
    const firstWithSeed: number[] = [];
    const restartWithSeed: number[] = [];
    const floor: number[] = [];
    const throughTsx: number[] = [];
    const tsx = { HUB_ENTRY: 'server/main.ts', SEED_CONTENT: '0' };
    await timeHubToHealthy(await makeTempDir(), tsx); // warm tsx's transform cache, as on a machine that has run it before
    for (let i = 0; i < RUNS; i++) {
      floor.push(await timeBareNode());
      empty.push(await timeHubToHealthy(await makeTempDir(), { SEED_CONTENT: '0' }));
      throughTsx.push(await timeHubToHealthy(await makeTempDir(), tsx));
      const seeded = await makeTempDir();
      firstWithSeed.push(await timeHubToHealthy(seeded));
      restartWithSeed.push(await timeHubToHealthy(seeded));
    }
    await removeTempDirs();
    const s = (v: number) => round(v / 1000, 3);
    const f = median(floor);
    return [
      { bench: 'cold-start', metric: 'empty store → healthy (median)', value: s(median(empty)), unit: 's', target: '≤ 1.5 s', meets: median(empty) <= 1500, note: `${RUNS} runs, max ${s(Math.max(...empty))} s; ${round(median(empty) / f)}× floor` },
      { bench: 'cold-start', metric: 'new hub, installs seed → healthy (median)', value: s(median(firstWithSeed)), unit: 's', note: `7 courses, 45 lessons; ${round(median(firstWithSeed) / f)}× floor` },
      { bench: 'cold-start', metric: 'restart, seed installed → healthy (median)', value: s(median(restartWithSeed)), unit: 's', note: `${round(median(restartWithSeed) / f)}× floor` },
      { bench: 'cold-start', metric: 'same, empty store, run through tsx (tests, dev)', value: s(median(throughTsx)), unit: 's', note: `${round(median(throughTsx) / f)}× floor` },
      { bench: 'cold-start', metric: 'floor: bare node start and exit (median)', value: s(f), unit: 's' },
    ];
  },
};
