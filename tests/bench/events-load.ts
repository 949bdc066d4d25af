// The load generator of the events benchmark, run as its own process
// (`node --import tsx tests/bench/events-load.ts CONFIG.json OUT.json`) so it
// does not share the hub's event loop or the bench runner's. Each learner is a
// real signed-in session on its own keep-alive connection from its own loopback
// address (127.0.0.x), as each sits at its own workstation.
//   paced:    every learner sends one event every intervalMs (jittered start)
//             and loads a lesson every lessonEveryMs, like a class at work;
//   saturate: every learner sends one-event requests back to back, for the
//             hub's ceiling (compared with raw PouchDB bulkDocs).
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';

export interface LoadLearner {
  cookie: string;
  csrfToken: string;
  address: string;
}

export interface LoadConfig {
  url: string;
  mode: 'paced' | 'saturate';
  seconds: number;
  intervalMs: number;
  lessonEveryMs: number;
  lessonIds: string[];
  object: { courseId: string; lessonId: string; activityId: string };
  learners: LoadLearner[];
}

export interface LoadResult {
  eventsSent: number;
  ingestMs: number[];
  lessonMs: number[];
  lessonErrors: number;
  /** Requests that failed (network) or answered other than 200, and events rejected. */
  ingestErrors: number;
  rejected: number;
  /** Ids the hub acknowledged as accepted (on disk). */
  accepted: string[];
  /** Ids sent once but answered `duplicate`: would mean a double count somewhere. */
  unexpectedDuplicates: number;
  elapsedMs: number;
}

function request(agent: http.Agent, url: URL, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: body ? { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadConfig;
  const out = process.argv[3]!;
  const result: LoadResult = { eventsSent: 0, ingestMs: [], lessonMs: [], lessonErrors: 0, ingestErrors: 0, rejected: 0, accepted: [], unexpectedDuplicates: 0, elapsedMs: 0 };
  const started = performance.now();
  const end = started + config.seconds * 1000;
  const eventsUrl = new URL('/api/events', config.url);

  const learnerLoop = async (learner: LoadLearner, index: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2, localAddress: learner.address });
    const headers = { cookie: learner.cookie, 'x-csrf-token': learner.csrfToken };
    const sendOne = async () => {
      const event = { id: crypto.randomUUID(), verb: 'answered', object: config.object, result: { response: { choice: index % 2 }, correct: index % 2 === 0, score: index % 2 === 0 ? 1 : 0 }, at: new Date().toISOString() };
      result.eventsSent++;
      try {
        const answer = await request(agent, eventsUrl, 'POST', headers, JSON.stringify({ events: [event] }));
        result.ingestMs.push(answer.ms);
        if (answer.status !== 200) return void result.ingestErrors++;
        const body = JSON.parse(answer.body) as { accepted: string[]; duplicate: string[]; rejected: unknown[] };
        result.accepted.push(...body.accepted);
        result.unexpectedDuplicates += body.duplicate.length;
        result.rejected += body.rejected.length;
      } catch {
        result.ingestErrors++;
      }
    };
    const loadLesson = async () => {
      const id = config.lessonIds[Math.floor(Math.random() * config.lessonIds.length)]!;
      try {
        const answer = await request(agent, new URL(`/api/lessons/${id}`, config.url), 'GET', { cookie: learner.cookie, 'accept-encoding': 'gzip' });
        result.lessonMs.push(answer.ms);
        if (answer.status !== 200) result.lessonErrors++;
      } catch {
        result.lessonErrors++;
      }
    };
    if (config.mode === 'saturate') {
      while (performance.now() < end) await sendOne();
    } else {
      // Learners do not act in lockstep: spread their first event over one interval.
      await sleep(Math.random() * config.intervalMs);
      let nextLesson = performance.now() + Math.random() * config.lessonEveryMs;
      const pending: Promise<void>[] = [];
      for (let next = performance.now(); next < end; next += config.intervalMs) {
        await sleep(Math.max(0, next - performance.now()));
        pending.push(sendOne());
        if (performance.now() >= nextLesson) {
          pending.push(loadLesson());
          nextLesson += config.lessonEveryMs;
        }
      }
      await Promise.all(pending);
    }
    agent.destroy();
  };

  await Promise.all(config.learners.map(learnerLoop));
  result.elapsedMs = performance.now() - started;
  writeFileSync(out, JSON.stringify(result));
}

await main();
