// `npm run bench [-- --only NAME[,NAME]] [-- --out FILE]`: runs the benchmarks,
// prints one table and writes the figures as JSON (default bench-results.json).
import { writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { printTable, type Benchmark, type BenchRow } from './harness.ts';
import { coldStart } from './cold-start.bench.ts';
import { load } from './load.bench.ts';
import { firstScreen } from './first-screen.bench.ts';
import { signIn } from './sign-in.bench.ts';
import { content } from './content.bench.ts';
import { search } from './search.bench.ts';
import { learnHome } from './learn-home.bench.ts';
import { events } from './events.bench.ts';
import { lessonPage } from './lesson-page.bench.ts';
import { classReport } from './class-report.bench.ts';
import { sync } from './sync.bench.ts';
import { centralImpact } from './central-impact.bench.ts';

const benchmarks: Benchmark[] = [coldStart, firstScreen, load, content, search, signIn, learnHome, events, lessonPage, sync, classReport, centralImpact];

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const out = option('out') ?? 'bench-results.json';
const only = option('only')?.split(',');
execSync('node scripts/build-if-needed.js', { stdio: 'inherit' });

const rows: BenchRow[] = [];
for (const bench of benchmarks) {
  if (only && !only.includes(bench.name)) continue;
  process.stderr.write(`running ${bench.name}…\n`);
  rows.push(...(await bench.run()));
}

printTable(rows);
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version };
writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), machine, rows }, null, 2));
console.log(`\nwrote ${out}`);
