// Prepares the data directory before any database opens: creates it, and proves
// it is writable with a probe file (LevelDB's own error for a read-only folder
// is obscure and comes late).
import { mkdir, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { unwritableDataDir } from './store-errors.ts';

export async function prepareDataDir(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
    const probe = path.join(dataDir, `.write-probe-${process.pid}`);
    await writeFile(probe, 'ok');
    await rm(probe);
  } catch (error) {
    throw unwritableDataDir(dataDir, (error as NodeJS.ErrnoException).code ?? 'EACCES');
  }
}
