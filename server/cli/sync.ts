// `darasa sync-now`: one sync with central from the console, for a hub that is
// stopped (a running hub syncs on its own schedule; its admin page has Sync now).
import type { Command } from 'commander';
import { SyncRepository } from '../sync/repository.ts';
import { SyncService } from '../sync/service.ts';
import { dataDirOf, libraryInstallerFor, openStoppedHub } from './stopped-hub.ts';

export function registerSyncCommands(program: Command): void {
  program
    .command('sync-now')
    .description('Sync this hub with central once and print the result (the hub must be stopped; a running hub has Sync now on its admin page).')
    .option('--data-dir <dir>', 'data directory (default: $DATA_DIR or ./data)')
    .action(async (options: { dataDir?: string }) => {
      const dataDir = dataDirOf(options);
      const store = await openStoppedHub(dataDir, `The hub is running on ${dataDir}: it syncs by itself. To sync now, open its admin page (Sync with central → Sync now) or stop the hub first.`);
      try {
        const quiet = { info() {}, warn() {} };
        const service = new SyncService(store, new SyncRepository(store.databases.local, store.hubId), { intervalMs: 0, timeoutMs: 60_000, log: quiet }, libraryInstallerFor(store));
        if (!(await service.status()).connected) {
          process.stderr.write('darasa: this hub is not connected to central. An administrator enters the pairing code on the admin page (Sync with central).\n');
          process.exitCode = 1;
          return;
        }
        await service.run();
        const status = await service.status();
        process.stdout.write(`last successful sync: ${status.lastSuccessAt ?? 'never'}\nwaiting: ${status.pending.total}\nbytes today: ${status.bytes.today.sent} sent, ${status.bytes.today.received} received\n`);
        if (status.refused.length) process.stdout.write(`refused by central: ${status.refused.map((r) => r.id).join(', ')}\n`);
        if (status.lastError) {
          process.stderr.write(`darasa: ${status.lastError.message}\n`);
          process.exitCode = 1;
        }
        await service.stop();
      } finally {
        await store.close();
      }
    });
}
