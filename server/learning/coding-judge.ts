// Judges a coding answer on the hub, never in the hub's own thread: the
// learner's code runs in a worker_threads Worker (judge-worker.js) with small
// resourceLimits, and a deadline after which the worker is terminated. A test
// still unanswered at the deadline fails with STOPPED_MESSAGE; the hub's event
// loop is never blocked, so the other workstations keep being served.
// At most MAX_PARALLEL judges run at once (the hub has 2–4 cores); the rest wait.
import { Worker } from 'node:worker_threads';
import type { ActivityOf } from '../../content/model/activities.ts';
import type { TestResult } from './schemas.ts';

export const STOPPED_MESSAGE = 'Stopped: the code ran too long (an endless loop?)';
const NOT_TRUE_MESSAGE = 'This check is not true for your code yet.';
export const DEFAULT_TIMEOUT_MS = 2000;
const MAX_PARALLEL = 2;
const WORKER_URL = new URL('./judge-worker.js', import.meta.url);

// A learner's exercise needs little: these stop a runaway allocation long
// before it troubles the hub (4–8 GB RAM shared with PouchDB and 21 sessions).
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, codeRangeSizeMb: 16, stackSizeMb: 4 };

let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

type WorkerMessage = { type: 'ready' } | { type: 'done' } | { type: 'test'; index: number; passed: boolean; message?: string };

function messageFor(raw: string | undefined): string | undefined {
  if (raw === 'STOPPED') return STOPPED_MESSAGE;
  if (raw === 'NOT_TRUE') return NOT_TRUE_MESSAGE;
  return raw;
}

function runWorker(code: string, tests: ActivityOf<'coding'>['tests'], timeoutMs: number): Promise<TestResult[]> {
  const results: (TestResult | undefined)[] = tests.map(() => undefined);
  return new Promise((resolve) => {
    // execArgv: [] keeps the hub's TypeScript loader out of the worker.
    const worker = new Worker(WORKER_URL, { workerData: { code, tests, timeoutMs }, resourceLimits: RESOURCE_LIMITS, execArgv: [], stdout: true, stderr: true });
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (fallback: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(tests.map((test, i) => results[i] ?? { name: test.name, passed: false, message: fallback }));
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        // The deadline starts once the worker runs: its start-up is the hub's cost, not the learner's.
        timer = setTimeout(() => finish(STOPPED_MESSAGE), timeoutMs + 250);
      } else if (message.type === 'test') {
        const name = tests[message.index]!.name;
        const text = messageFor(message.message);
        results[message.index] = { name, passed: message.passed, ...(text ? { message: text } : {}) };
      } else {
        finish(STOPPED_MESSAGE);
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      finish(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'Stopped: the code used too much memory.' : `Stopped: ${error.message}`);
    });
    worker.on('exit', () => finish(STOPPED_MESSAGE));
  });
}

/** Runs the code against each hidden test; never throws for the learner's mistakes. */
export function judgeCode(activity: ActivityOf<'coding'>, code: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<TestResult[]> {
  return slot(() => runWorker(code, activity.tests, timeoutMs));
}
