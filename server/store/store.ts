// Opens the hub's store: the data directory, the databases and the hub id.
// Used by the Fastify `store` plugin and by CLI commands that work offline.
// Every opening first moves personal fields still on `person` documents to the
// local database (server/people/move-personal-fields.ts): whatever opens the
// store next (the hub, `darasa sync-now`) can never push a name to central.
import { movePersonalFieldsToLocal } from '../people/move-personal-fields.ts';
import { compactDatabaseFiles } from './compact-files.ts';
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
    const moved = await movePersonalFieldsToLocal(databases.hub, databases.local, hubId, {
      async compactHub(hub) {
        opened.splice(opened.indexOf(hub), 1);
        await hub.close();
        await compactDatabaseFiles(dataDir, 'hub');
        const reopened = await openDatabase(dataDir, 'hub');
        opened.push(reopened);
        return reopened;
      },
    });
    databases.hub = moved.hub;
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
