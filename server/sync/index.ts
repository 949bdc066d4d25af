// The `sync` plugin: the hub's side of replication with central (issue 7).
// Starts the schedule when the hub is ready and a connection exists; stops it
// (and waits for a run in progress) when the hub closes.
import fp from 'fastify-plugin';
import { SyncRepository } from './repository.ts';
import { SyncService } from './service.ts';
import type { RetryOptions } from './retry.ts';
import routes from './routes.ts';
import conflictRoutes from './conflict-routes.ts';
import usbImportRoutes from './usb-import-routes.ts';
import { ConflictService } from './conflicts.ts';
import { makeLibraryInstaller } from './library.ts';

declare module 'fastify' {
  interface FastifyInstance {
    sync: SyncService;
  }
}

export default fp<{ intervalMs: number; timeoutMs: number; retry?: RetryOptions; batchBytes?: number }>(
  async (app, options) => {
    const repository = new SyncRepository(app.store.databases.local, app.store.hubId);
    const service = new SyncService(app.store, repository, { ...options, log: app.log }, makeLibraryInstaller(app.content, app.store.dataDir), app.auth);
    app.decorate('sync', service);
    app.addHook('onReady', async () => {
      if (await repository.getConnection()) service.schedule(10_000);
    });
    app.addHook('onClose', async () => service.stop());
    await app.register(routes, { service });
    await app.register(usbImportRoutes, { service, repository });
    const conflicts = new ConflictService(app.store.databases.hub, repository, {
      timeoutMs: options.timeoutMs,
      // A sync already running may have read the records before this choice: run
      // once more after it, so the choice reaches central without waiting a round.
      startSync: () => {
        const wasRunning = service.running;
        void service.run().then(() => (wasRunning ? service.run() : undefined));
      },
      // The hub settings are cached by the auth plugin: keeping central's version replaces them.
      onResolved: async (id) => (id === `hub:${app.store.hubId}:settings` ? app.auth.settings.reload() : undefined),
    });
    await app.register(conflictRoutes, { conflicts, service });
  },
  { name: 'sync', dependencies: ['store', 'content', 'auth'] },
);
