// Commands on the data directory while the hub is stopped: check it opens and
// what it holds, and repair LevelDB files damaged by a power cut.
import path from 'node:path';
import { readdir } from 'node:fs/promises';
import type { Command } from 'commander';
import leveldown from 'leveldown';
import { openStore } from '../store/store.ts';
import { DATABASE_NAMES } from '../store/open-database.ts';

function dataDirOf(options: { dataDir?: string }): string {
  return path.resolve(options.dataDir ?? process.env.DATA_DIR ?? './data');
}

export function registerDataCommands(program: Command): void {
  program
    .command('check-data')
    .description('Open the data directory (the hub must be stopped) and print the hub id and document counts.')
    .option('--data-dir <dir>', 'data directory (default: $DATA_DIR or ./data)')
    .action(async (options: { dataDir?: string }) => {
      const store = await openStore(dataDirOf(options));
      try {
        process.stdout.write(`hub id: ${store.hubId}\ndata directory: ${store.dataDir}\n`);
        for (const name of DATABASE_NAMES) {
          const info = await store.databases[name].info();
          process.stdout.write(`${name}: ${info.doc_count} documents, update sequence ${info.update_seq}\n`);
        }
      } finally {
        await store.close();
      }
    });

  program
    .command('repair-data')
    .description('Repair LevelDB files damaged by a power cut (the hub must be stopped). Back up the folder first.')
    .option('--data-dir <dir>', 'data directory (default: $DATA_DIR or ./data)')
    .action(async (options: { dataDir?: string }) => {
      const dataDir = dataDirOf(options);
      const present = new Set(await readdir(dataDir).catch(() => [] as string[]));
      for (const name of DATABASE_NAMES) {
        if (!present.has(name)) continue;
        const location = path.join(dataDir, name);
        await new Promise<void>((resolve, reject) =>
          leveldown.repair(location, (error?: Error | null) => (error ? reject(error) : resolve())),
        );
        process.stdout.write(`repaired ${location}\n`);
      }
      process.stdout.write('Done. Start the hub and check its health page.\n');
    });
}
