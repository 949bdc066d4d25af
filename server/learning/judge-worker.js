// Runs a learner's JavaScript against an activity's hidden tests. This file is
// the body of a worker_threads Worker started by coding-judge.ts, never loaded
// in the hub's own thread. Plain JavaScript so the worker starts without the
// TypeScript loader (faster, and nothing of the hub is imported here).
// Each test gets a fresh vm context holding only `console`: no require, no
// process, no timers, no eval of strings, no dynamic import. The learner's code runs as one script
// and the test expression as a second script in the same context, so top-level
// `let`s and functions of the learner are visible to the test. The vm timeout
// stops a busy loop; the parent's deadline and terminate() stop everything else.
import { parentPort, workerData } from 'node:worker_threads';
import vm from 'node:vm';

const { code, tests, timeoutMs } = workerData;
const QUIET_CONSOLE = 'globalThis.console = { log() {}, info() {}, warn() {}, error() {}, debug() {} };';

function describe(error) {
  if (error && typeof error === 'object' && 'code' in error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'STOPPED';
  if (error && typeof error === 'object' && 'message' in error) return `${error.name ?? 'Error'}: ${error.message}`;
  return `Error: ${String(error)}`;
}

parentPort.postMessage({ type: 'ready' });
const started = Date.now();
tests.forEach((test, index) => {
  const remaining = Math.max(1, timeoutMs - (Date.now() - started));
  // No object of this realm may enter the context: `this.constructor.constructor`
  // on one would be this realm's Function, able to reach `process`. So the
  // sandbox has no prototype and console is made inside the context.
  const context = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate' });
  vm.runInContext(QUIET_CONSOLE, context);
  let result;
  try {
    vm.runInContext(code, context, { timeout: remaining, filename: 'your-code.js' });
    const value = vm.runInContext(test.code, context, { timeout: Math.max(1, timeoutMs - (Date.now() - started)), filename: 'test.js' });
    result = value === true ? { passed: true } : { passed: false, message: 'NOT_TRUE' };
  } catch (error) {
    result = { passed: false, message: describe(error) };
  }
  parentPort.postMessage({ type: 'test', index, ...result });
});
parentPort.postMessage({ type: 'done' });
