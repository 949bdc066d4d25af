// Runs a learner's JavaScript in a Web Worker made from a Blob, so that an
// endless loop never freezes the page: the page stays on its own thread, and
// after the time limit the worker is terminated (the only way to stop a busy
// loop). Inside the worker, every way out to the network is removed before the
// learner's code runs (fetch, XMLHttpRequest, importScripts, WebSocket…: from
// the global object and its prototypes, then pinned to undefined so the code
// cannot put them back), and at most MAX_LINES of output are sent, so a loop
// that prints forever cannot flood the page with messages either.
// The hub checks answers on its own (contract A); this is only for "Run".

export const TIME_LIMIT_MS = 3_000;
export const MAX_LINES = 500;

export interface RunResult {
  output: string[];
  error: string | null;
  timedOut: boolean;
  truncated: boolean;
}

// The learner's code is written into the worker's own script (a Blob URL)
// rather than evaluated from a string: the hub's content security policy
// forbids eval and new Function, and allows workers from blob: URLs. A syntax
// error then surfaces as the worker's error event.
function workerSource(code: string): string {
  return `
const post = self.postMessage.bind(self);
const BLOCKED = ['fetch', 'XMLHttpRequest', 'importScripts', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport',
  'indexedDB', 'caches', 'BroadcastChannel', 'Worker', 'SharedWorker', 'Request', 'navigator', 'location', 'postMessage', 'onmessage'];
for (const name of BLOCKED) {
  for (let o = self; o; o = Object.getPrototypeOf(o)) { try { delete o[name]; } catch {} }
  try { Object.defineProperty(self, name, { value: undefined, writable: false, configurable: false }); } catch {}
}
let lines = 0;
const show = (value) => {
  if (typeof value === 'string') return value;
  try { const json = JSON.stringify(value); return json === undefined ? String(value) : json; } catch { return String(value); }
};
const log = (...values) => {
  lines++;
  if (lines <= ${MAX_LINES}) post({ type: 'log', text: values.map(show).join(' ') });
};
const sandboxConsole = Object.freeze({ log, info: log, warn: log, error: log });
try {
  (function (console) {
${code}
  }).call(undefined, sandboxConsole);
  post({ type: 'done', truncated: lines > ${MAX_LINES} });
} catch (error) {
  post({ type: 'error', text: error && error.name ? error.name + ': ' + error.message : String(error), truncated: lines > ${MAX_LINES} });
}
`;
}

export function runInSandbox(code: string, timeLimitMs = TIME_LIMIT_MS): Promise<RunResult> {
  // import() would fetch a module from the network (with the page's cookies):
  // refused before the code ever runs.
  if (/\bimport\s*\(/.test(code)) return Promise.resolve({ output: [], error: 'import() is not available here.', timedOut: false, truncated: false });
  const url = URL.createObjectURL(new Blob([workerSource(code)], { type: 'text/javascript' }));
  const worker = new Worker(url);
  const output: string[] = [];
  return new Promise((resolve) => {
    const finish = (result: Omit<RunResult, 'output'>) => {
      clearTimeout(timer);
      worker.terminate();
      URL.revokeObjectURL(url);
      resolve({ output, ...result });
    };
    const timer = setTimeout(() => finish({ error: null, timedOut: true, truncated: output.length >= MAX_LINES }), timeLimitMs);
    worker.onmessage = ({ data }: MessageEvent<{ type: string; text?: string; truncated?: boolean }>) => {
      if (data.type === 'log') output.push(data.text ?? '');
      else finish({ error: data.type === 'error' ? (data.text ?? 'Error') : null, timedOut: false, truncated: Boolean(data.truncated) });
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish({ error: event.message || 'Error', timedOut: false, truncated: false });
    };
  });
}
