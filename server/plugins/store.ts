// The `store` plugin: opens the hub's store once, decorates `app.store`, and
// closes the databases when the app closes (SIGTERM, SIGINT, tests).
import fp from 'fastify-plugin';
import { openStore, type Store } from '../store/store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}

export default fp<{ dataDir: string }>(
  async (app, options) => {
    const store = await openStore(options.dataDir);
    app.decorate('store', store);
    app.addHook('onClose', async () => {
      await store.close();
    });
  },
  { name: 'store' },
);
