// What console commands that work on a hub's data share: where the data
// directory is, opening it only when the hub is stopped (a running hub holds
// the LevelDB lock; the message says what to do instead), and the installer
// that puts library packs on the hub the way a sync does.
import path from 'node:path';
import { openStore, type Store } from '../store/store.ts';
import { StoreError } from '../store/store-errors.ts';
import { ContentRepository } from '../content/repository.ts';
import { ContentImporter } from '../content/import-service.ts';
import { MediaStore } from '../content/media-store.ts';
import { makeLibraryInstaller, type LibraryInstaller } from '../sync/library.ts';

export const dataDirOf = (options: { dataDir?: string }): string => path.resolve(options.dataDir ?? process.env.DATA_DIR ?? './data');

/** Opens the store; while the hub runs, fails with `whileRunning` (one line, exit 1). */
export async function openStoppedHub(dataDir: string, whileRunning: string): Promise<Store> {
  try {
    return await openStore(dataDir);
  } catch (error) {
    if (error instanceof StoreError && error.problem === 'locked') throw new StoreError('locked', whileRunning);
    throw error;
  }
}

export function libraryInstallerFor(store: Store): LibraryInstaller {
  const content = new ContentRepository(store.databases.content);
  return makeLibraryInstaller({ repository: content, importer: new ContentImporter(content, new MediaStore(store.dataDir)) }, store.dataDir);
}
