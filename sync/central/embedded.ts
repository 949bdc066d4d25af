// The embedded central: a CouchDB-protocol server on loopback for development,
// tests and small pilots (`npm run central`). Production central is Apache
// CouchDB 3; nothing Darasa installs may depend on what this server does
// differently (sync/central/README.md lists the differences we measured).
//
// Built on express-pouchdb because no CouchDB package exists for this machine
// and it is the one implementation of the CouchDB HTTP API on PouchDB (its
// replication, `_users`, `_security` and validate_doc_update included). It is
// unmaintained, which is acceptable for a development server, not for production.
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import path from 'node:path';
import type PouchDB from 'pouchdb-core';
import leveldb from 'pouchdb-adapter-leveldb';
import http from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import mapreduce from 'pouchdb-mapreduce';

// express-pouchdb and its express 4 ship no types; we only call these few members.
interface ExpressPouchApp {
  (req: unknown, res: unknown): void;
  dbWrapper: { registerWrapper(wrapper: (name: string, db: unknown, next: () => void) => void): void };
  setPouchDB(pouch: unknown): Promise<void>;
  couchConfig: { set(section: string, key: string, value: string, cb: (err?: Error | null) => void): void };
  listen(port: number, host: string, cb: () => void): Server;
}
const require = createRequire(import.meta.url);
const expressPouchDB = require('express-pouchdb') as (opts: object) => ExpressPouchApp;

/** A private copy of pouchdb-core for one embedded central. PouchDB 9 keeps
 * one event emitter per module and `plugin()` on any subclass patches the base
 * prototype, so express-pouchdb's plugins (auth, security, validation, its
 * all-dbs listener on every database "created" in the process) would otherwise
 * reach the hub's own databases (sync/pouchdb.ts) whenever a test runs hub and
 * central in one process, and a closed central would keep receiving events.
 * Loading the module afresh gives this central its own class, emitter and
 * adapters; the process's shared copy is put back untouched. */
function isolatedPouchDB(): PouchDB.Static {
  const key = require.resolve('pouchdb-core');
  const shared = require.cache[key];
  delete require.cache[key];
  try {
    const Pouch = require('pouchdb-core') as PouchDB.Static;
    return Pouch.plugin(leveldb).plugin(http).plugin(mapreduce).plugin(replication);
  } finally {
    if (shared) require.cache[key] = shared;
    else delete require.cache[key];
  }
}

export interface EmbeddedCentralOptions {
  dataDir: string;
  adminUser: string;
  adminPassword: string;
  /** 0 picks a free port. */
  port: number;
  /** Loopback by default: the embedded central is not meant to face a network. */
  host?: string;
}

export interface EmbeddedCentral {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class CentralConfigError extends Error {}

/** Refuses a start without an admin password: an express-pouchdb server with
 * no admin is in "admin party", where anyone may do anything. */
export function checkCentralOptions(options: Partial<EmbeddedCentralOptions>): asserts options is EmbeddedCentralOptions {
  if (!options.adminPassword) {
    throw new CentralConfigError('no admin password: set CENTRAL_ADMIN_PASSWORD (and optionally CENTRAL_ADMIN_USER, default "admin") before starting the central.');
  }
  if (!options.adminUser || !/^[a-z0-9_.-]{1,64}$/i.test(options.adminUser)) {
    throw new CentralConfigError('CENTRAL_ADMIN_USER must be 1 to 64 letters, digits, ".", "_" or "-".');
  }
}

type PouchWithNew = { new: (...args: unknown[]) => unknown };

/** express-pouchdb 4.2 crashes the whole process when anyone but a server admin
 * sends `PUT /<db>`: its security layer makes `PouchDB.new` return a rejected
 * promise, on which the route calls `.info(callback)` (TypeError, uncaught).
 * Giving that promise an `info` that reports the refusal turns the crash into
 * the 401 CouchDB answers. Pinned by "refuses database creation by a
 * non-admin without crashing" in embedded.test.ts. */
function guardDatabaseCreation(Pouch: PouchWithNew): void {
  const secured = Pouch.new;
  Pouch.new = function (this: unknown, ...args: unknown[]) {
    const result = secured.apply(this, args) as { then?: unknown; info?: unknown; catch?: (f: (e: unknown) => void) => void } | undefined;
    if (result && typeof result.then === 'function' && typeof result.info !== 'function') {
      const refused = result as Promise<unknown> & { info?: unknown };
      refused.info = (callback: (err: unknown) => void) => {
        refused.then(
          () => callback(Object.assign(new Error('unauthorized'), { status: 401, name: 'unauthorized' })),
          (err: unknown) => callback(err),
        );
      };
    }
    return result;
  };
}

/** pouchdb-validation (express-pouchdb's validate_doc_update) overwrites every
 * incoming document's `_revisions` with the stored winner's history before it
 * validates. With `new_edits: false` (replication, a revision written by an
 * administrator) PouchDB then reads the document as a revision it already has
 * and drops it while answering 201: every replicated update of an existing
 * document (a hub's settings edited twice, a tombstone that resolves a
 * conflict) was silently lost at the embedded central. CouchDB keeps the
 * history it was sent; so does this wrapper, installed after validation (so it
 * runs first): the history sent is pinned to each document, and the
 * validation's assignment no longer replaces it. Pinned by
 * embedded-revisions.test.ts. */
function keepSentRevisionHistory(app: { dbWrapper: { registerWrapper(wrapper: (name: string, db: unknown, next: () => void) => void): void } }): void {
  app.dbWrapper.registerWrapper((_name, db, next) => {
    const target = db as { bulkDocs: (body: unknown, ...rest: unknown[]) => unknown };
    const validated = target.bulkDocs;
    target.bulkDocs = function (this: unknown, body: unknown, ...rest: unknown[]) {
      const options = (typeof rest[0] === 'object' && rest[0] !== null ? rest[0] : {}) as { new_edits?: boolean };
      const request = (Array.isArray(body) ? { docs: body } : (body ?? {})) as { docs?: unknown[]; new_edits?: boolean };
      if (options.new_edits === false || request.new_edits === false) {
        for (const doc of request.docs ?? []) {
          const history = (doc as { _revisions?: unknown } | null)?._revisions;
          if (history) Object.defineProperty(doc, '_revisions', { get: () => history, set: () => undefined, enumerable: true, configurable: true });
        }
      }
      return validated.call(this, body, ...rest);
    };
    next();
  });
}

export async function startEmbeddedCentral(options: EmbeddedCentralOptions): Promise<EmbeddedCentral> {
  checkCentralOptions(options);
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  // One PouchDB constructor per server: every database is a LevelDB folder under
  // the data directory (the prefix ends with a separator on purpose).
  const Prefixed = isolatedPouchDB().defaults({ prefix: dataDir + path.sep } as PouchDB.Configuration.DatabaseConfiguration);
  // Every database the server opens (express-pouchdb's cache, _users, its
  // all-dbs list) is tracked so close() releases the LevelDB locks: a test can
  // then restart central on the same data directory in the same process.
  const opened = new Set<PouchDB.Database>();
  const Pouch = class extends (Prefixed as unknown as new (...args: unknown[]) => PouchDB.Database) {
    constructor(...args: unknown[]) {
      super(...args);
      opened.add(this);
    }
  } as unknown as typeof Prefixed;
  const app = expressPouchDB({
    mode: 'fullCouchDB',
    // The config (hashed admin password, cookie secret) and log live with the
    // data, never in the working directory.
    configPath: path.join(dataDir, 'config.json'),
    logPath: path.join(dataDir, 'log.txt'),
    // Fauxton is a web UI fetched from a CDN at run time; nothing here needs it.
    overrideMode: { exclude: ['routes/fauxton'] },
  });
  keepSentRevisionHistory(app);
  await app.setPouchDB(Pouch);
  guardDatabaseCreation(Pouch as unknown as PouchWithNew);
  // Setting the admin on every start makes the environment the source of truth:
  // changing CENTRAL_ADMIN_PASSWORD and restarting changes the password. Stored hashed.
  await new Promise<void>((resolve, reject) =>
    app.couchConfig.set('admins', options.adminUser, options.adminPassword, (err) => (err ? reject(err) : resolve())),
  );
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s: Server = app.listen(options.port, host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await Promise.all([...opened].map((db) => db.close().catch(() => undefined)));
    },
  };
}
