// The one place that opens databases. The hub keeps its databases as LevelDB
// folders under DATA_DIR; swapping the adapter (e.g. `memory` for a test that
// needs speed) is a change here and nowhere else.
import path from 'node:path';
import { PouchDB, type Database } from '../../sync/pouchdb.ts';
import { explainStoreError } from './store-errors.ts';

export type { Database };

/** The hub's databases: `hub` holds the records that replicate to central;
 * `local` holds what never leaves the hub (secrets, sessions, device settings);
 * `content` holds courses installed from packs or the shared library. */
export const DATABASE_NAMES = ['hub', 'local', 'content'] as const;
export type DatabaseName = (typeof DATABASE_NAMES)[number];

/** Opens (creating if needed) one database under the data directory and forces
 * LevelDB to open now, so a locked or damaged store fails at start-up with a
 * clear message rather than at the first request. */
export async function openDatabase(dataDir: string, name: DatabaseName): Promise<Database> {
  const db = new PouchDB<object>(path.join(dataDir, name), { adapter: 'leveldb' });
  try {
    await db.info();
  } catch (error) {
    await db.close().catch(() => undefined);
    throw explainStoreError(error, dataDir);
  }
  return db;
}
