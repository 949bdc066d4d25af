// What the sync fault tests check after every fault (issue 7): central holds
// every hub record exactly once (same ids, same revisions, no conflicts, nothing
// foreign), nothing on the hub is lost, and a resumed run resends little —
// measured against what a full push of the same records costs on the same link.
// Also: hubs with a backlog of events, connected to central through a link, and
// waiting for a sync to end, in-process or over HTTP.
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { CentralAdmin } from '../../sync/central/couch-http.ts';
import { registerHub, type HubRegistration } from '../../sync/central/provision.ts';
import { HELD_BACK_TYPES, pushToCentral } from '../../sync/replicator/push.ts';
import { makeLinkFetch } from '../../sync/replicator/link-fetch.ts';
import type { Database } from '../../sync/pouchdb.ts';
import { startLinkProxy } from './link-proxy.ts';
import { injectAs, type TestSession } from './auth.ts';

export type CentralLike = { url: string; adminUser: string; adminPassword: string };

const basic = (central: CentralLike) => `Basic ${Buffer.from(`${central.adminUser}:${central.adminPassword}`).toString('base64')}`;

/** Central's documents in a database (id → rev), design documents left out.
 * Fails if any document has a conflicting revision: a record sent twice under
 * different revisions would show up here. */
export async function centralDocs(central: CentralLike, database: string): Promise<Map<string, string>> {
  const response = await fetch(`${central.url}/${database}/_all_docs?include_docs=true&conflicts=true`, { headers: { authorization: basic(central) } });
  expect(response.status, `reading ${database} at central`).toBe(200);
  const body = (await response.json()) as { rows: { id: string; value: { rev: string }; doc: { _conflicts?: string[] } }[] };
  const docs = new Map<string, string>();
  for (const row of body.rows) {
    // The hub's status heartbeat is written straight to central, not replicated.
    if (row.id.startsWith('_design/') || row.id.startsWith('hub-status:')) continue;
    expect(row.doc._conflicts ?? [], `conflicting revisions of ${row.id} at central`).toEqual([]);
    docs.set(row.id, row.value.rev);
  }
  return docs;
}

/** The hub's records that travel to central (id → rev): not held-back types, not design documents. */
export async function hubRecords(db: Database): Promise<Map<string, string>> {
  const all = await db.allDocs({ include_docs: true });
  const docs = new Map<string, string>();
  for (const row of all.rows) {
    const type = (row.doc as { type?: string }).type ?? '';
    if (row.id.startsWith('_design/') || HELD_BACK_TYPES.has(type)) continue;
    docs.set(row.id, row.value.rev);
  }
  return docs;
}

/** Central holds exactly the hub's records (minus `except`, e.g. refused ones),
 * each at the hub's revision; with `partial`, a subset of them, never anything else. */
export function expectExactlyOnce(hub: Map<string, string>, central: Map<string, string>, options: { partial?: boolean; except?: string[] } = {}): void {
  const except = new Set(options.except ?? []);
  for (const [id, rev] of central) {
    expect(except.has(id), `central holds ${id}, which it should have refused`).toBe(false);
    expect(hub.get(id), `central's ${id} is not the hub's record`).toBe(rev);
  }
  if (options.partial) return;
  const missing = [...hub.keys()].filter((id) => !except.has(id) && !central.has(id));
  expect(missing, 'hub records missing at central').toEqual([]);
}

/** Every record the hub had before is still there, at the same revision or a later one. */
export function expectNothingLost(before: Map<string, string>, after: Map<string, string>): void {
  const lost = [...before.keys()].filter((id) => !after.has(id));
  expect(lost, 'records lost on the hub').toEqual([]);
}

/** `count` events of realistic size (~300 bytes) for `hubId`, numbered from `from`. */
export function makeEvents(hubId: string, count: number, from = 0): object[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return {
      _id: `event:${hubId}:${String(i).padStart(6, '0')}`,
      type: 'event',
      verb: 'answered',
      personId: `person:${hubId}:learner${i % 21}`,
      object: { courseId: 'computer-basics-en', lessonId: 'cb-en-l02', activityId: `cb-en-l02-a${i % 5}` },
      result: { response: { choice: i % 3 }, correct: i % 2 === 0, score: (i % 10) / 10 },
      at: new Date(1_790_000_000_000 + i * 1000).toISOString(),
    };
  });
}

/** Bytes a complete push of `db` costs from nothing, on a fresh link to a scratch
 * database at central: the yardstick for "a resumed run resent little". Pass the
 * hub's batch size if the test sets one. */
export async function fullPushBytes(db: Database, central: CentralLike, batchBytes?: number): Promise<number> {
  const scratch = `scratch-${randomBytes(6).toString('hex')}`;
  const created = await fetch(`${central.url}/${scratch}`, { method: 'PUT', headers: { authorization: basic(central) } });
  expect(created.status).toBe(201);
  const link = await startLinkProxy({ target: new URL(central.url).host });
  try {
    await pushToCentral(db, { databaseUrl: `${link.url}/${scratch}`, username: central.adminUser, password: central.adminPassword }, { fetch: makeLinkFetch({ timeoutMs: 30_000 }), ...(batchBytes ? { batchBytes } : {}) });
    return link.bytes.up;
  } finally {
    await link.close();
    await fetch(`${central.url}/${scratch}`, { method: 'DELETE', headers: { authorization: basic(central) } });
  }
}

/** Registers the hub at central and connects it through `linkUrl` (a link proxy,
 * or central itself). The run a connection arms for 5 s later is cancelled: the
 * tests start runs themselves (or call `app.sync.schedule()`), and a stray run
 * would spoil their byte counts. */
export async function connectHub(app: FastifyInstance, admin: TestSession, central: CentralLike, linkUrl: string): Promise<HubRegistration> {
  const registration = await registerHub(central as CentralAdmin, app.store.hubId);
  const connect = await injectAs(app, admin, { method: 'PUT', url: '/api/sync/connection', payload: { centralUrl: linkUrl, username: registration.username, password: registration.password } });
  expect(connect.statusCode, connect.body).toBe(200);
  app.sync.cancelSchedule();
  return registration;
}

export type SyncStatusBody = {
  running: boolean;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: { code: string; message: string } | null;
  lastRun: { ok: boolean; sent: number; received: number; written: number } | null;
  pending: { total: number; byKind: Record<string, number> };
  budget: { reached: string | null; resumesAt: string | null };
  refused: { id: string; reason: string }[];
  bytes: { today: { sent: number; received: number } };
  nextAttemptAt: string | null;
  probes: number;
};

export async function syncStatus(app: FastifyInstance, admin: TestSession): Promise<SyncStatusBody> {
  return (await injectAs(app, admin, { url: '/api/sync/status' })).json();
}

/** GET /api/sync/status on a hub process. */
export async function syncStatusOverHttp(url: string, admin: TestSession): Promise<SyncStatusBody> {
  const response = await fetch(`${url}/api/sync/status`, { headers: admin.headers });
  expect(response.status).toBe(200);
  return (await response.json()) as SyncStatusBody;
}

/** POST /api/sync/run on a hub process, then waits until the run has ended. */
export async function syncNowOverHttp(url: string, admin: TestSession, timeoutMs = 60_000): Promise<SyncStatusBody> {
  const started = await fetch(`${url}/api/sync/run`, { method: 'POST', headers: admin.headers });
  expect(started.status).toBe(202);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await syncStatusOverHttp(url, admin);
    if (!status.running) return status;
    if (Date.now() > deadline) throw new Error(`the sync did not end within ${timeoutMs} ms: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
