// The one configured PouchDB: LevelDB files on the hub, HTTP for central, and
// replication between them. The hub's store (server/store/open-database.ts) and
// the replicator both take it from here, so an adapter is swapped in one place.
import PouchDB from 'pouchdb-core';
import leveldb from 'pouchdb-adapter-leveldb';
import http from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import mapreduce from 'pouchdb-mapreduce';
import type { FetchLike } from './replicator/link-fetch.ts';

// Registered once for the whole process: PouchDB throws if a plugin is added twice.
PouchDB.plugin(leveldb).plugin(http).plugin(replication).plugin(mapreduce);

export { PouchDB };
export type Database = PouchDB.Database<object>;

export interface RemoteOptions {
  username: string;
  password: string;
  /** The uplink fetch (timeouts, gzip, byte counting): see replicator/link-fetch.ts. */
  fetch: FetchLike;
}

/** A database at central, reached over HTTP. Never creates it: central's layout
 * is provisioned by an administrator, and a hub must not invent databases there. */
export function openRemoteDatabase(url: string, options: RemoteOptions): Database {
  return new PouchDB<object>(url, {
    adapter: 'http',
    skip_setup: true,
    auth: { username: options.username, password: options.password },
    fetch: options.fetch as never,
  } as PouchDB.Configuration.RemoteDatabaseConfiguration);
}
