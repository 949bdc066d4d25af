// `npm test`: prepares what the tests need, then runs every check in order and
// prints one closing line "N passed, N failed".
//   1. Debian's Chromium for the end-to-end suite (apt-get, if missing; root).
//   2. The workstation app build (the e2e suite and the bench use it).
//   3. Type checks: tsc and svelte-check.
//   4. Unit and integration suites (vitest, real PouchDB in temp dirs).
//   5. End-to-end suite (vitest + playwright-core + Chromium).
// Pass --skip-e2e to run only 1–4.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { execSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skipE2e = process.argv.includes('--skip-e2e');
let passed = 0;
let failed = 0;
let ok = true;

function step(title, command, args, options = {}) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) ok = false;
  return result.status === 0;
}

function countVitest(reportFile) {
  if (!existsSync(reportFile)) {
    failed += 1;
    return;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  rmSync(reportFile, { force: true });
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  console.log(`\n=== Installing Debian's chromium for the end-to-end tests (${CHROMIUM} is missing) ===`);
  if (process.getuid?.() !== 0) {
    console.error('Chromium is missing and this is not root: run "sudo apt-get install -y chromium" and try again.');
    process.exit(1);
  }
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
}

if (!skipE2e) ensureChromium();
step('Build the workstation app', 'npm', ['run', '--silent', 'build']) || process.exit(1);
const typesOk = step('Type check (tsc)', 'npx', ['tsc', '--noEmit']);
const svelteOk = step('Type check (svelte-check)', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human']);
// A failed type check counts as a failure in the closing line; a passing one is not a test.
failed += Number(!typesOk) + Number(!svelteOk);

const unitReport = path.join(tmpdir(), `darasa-vitest-unit-${process.pid}.json`);
step('Unit and integration tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitReport}`]);
countVitest(unitReport);

if (!skipE2e) {
  const e2eReport = path.join(tmpdir(), `darasa-vitest-e2e-${process.pid}.json`);
  step('End-to-end tests (Chromium)', 'npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${e2eReport}`]);
  countVitest(e2eReport);
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
