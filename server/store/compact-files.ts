// Physical compaction of one database's LevelDB files. PouchDB's compact()
// drops old revisions, but LevelDB only writes a deletion marker: the old
// bodies stay readable in its files until LevelDB compacts them. Compacting
// the whole key range rewrites the files without them. Used when data must be
// gone from the disk, not just from the database (personal fields moved off
// the replicated database, sync/README.md).
import path from 'node:path';
import leveldown from 'leveldown';

// Keys of pouchdb-adapter-leveldb's sublevels are ASCII: these bound them all.
const FIRST_KEY = Buffer.from([0x00]);
const LAST_KEY = Buffer.from([0xff, 0xff, 0xff, 0xff]);

/** Compacts the LevelDB files of `dataDir/name`. The database must be closed. */
export async function compactDatabaseFiles(dataDir: string, name: string): Promise<void> {
  const db = leveldown(path.join(dataDir, name));
  await new Promise<void>((resolve, reject) => db.open((error) => (error ? reject(error) : resolve())));
  try {
    await new Promise<void>((resolve, reject) => db.compactRange(FIRST_KEY, LAST_KEY, (error) => (error ? reject(error) : resolve())));
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}
