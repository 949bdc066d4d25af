// Opens the hub's store: the data directory, both databases and the hub id.
// Used by the Fastify `store` plugin and by CLI commands that work offline.
import { prepareDataDir } from './data-dir.ts';
import { DATABASE_NAMES, openDatabase, type Database, type DatabaseName } from './open-database.ts';
import { loadOrCreateHubId } from './hub-identity.ts';

export interface Store {
  dataDir: string;
  hubId: string;
  databases: Record<DatabaseName, Database>;
  close(): Promise<void>;
}

export async function openStore(dataDir: string): Promise<Store> {
  await prepareDataDir(dataDir);
  const opened: Database[] = [];
  try {
    const databases = {} as Record<DatabaseName, Database>;
    for (const name of DATABASE_NAMES) {
      databases[name] = await openDatabase(dataDir, name);
      opened.push(databases[name]);
    }
    const hubId = await loadOrCreateHubId(databases.hub);
    return {
      dataDir,
      hubId,
      databases,
      async close() {
        // A database already closed (e.g. by a failing component) must not stop the others closing.
        await Promise.all(opened.map((db) => db.close().catch(() => undefined)));
      },
    };
  } catch (error) {
    await Promise.all(opened.map((db) => db.close().catch(() => undefined)));
    throw error;
  }
}
