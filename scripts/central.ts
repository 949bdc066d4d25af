// `npm run central`: the embedded CouchDB-protocol central on loopback, for
// development, tests and small pilots (sync/central/README.md). Reads its
// environment here and nowhere else:
//   CENTRAL_PORT (5984; 0 picks a free one), CENTRAL_DATA_DIR (./central-data),
//   CENTRAL_ADMIN_USER (admin), CENTRAL_ADMIN_PASSWORD (required).
// It also starts the central dashboard beside it (server/central-dashboard/start.ts:
// CENTRAL_DASHBOARD_PORT, 5990, or a free port when CENTRAL_PORT is 0;
// CENTRAL_DASHBOARD=off to leave it out) and prints its address.
import { CentralConfigError, startEmbeddedCentral } from '../sync/central/embedded.ts';
import { startDashboard } from '../server/central-dashboard/start.ts';
import { upgradeCentral } from '../sync/central/upgrade.ts';

const port = Number(process.env.CENTRAL_PORT ?? 5984);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`central: CENTRAL_PORT must be a port number (0 to 65535), not "${process.env.CENTRAL_PORT}".\n`);
  process.exit(1);
}

try {
  const central = await startEmbeddedCentral({
    port,
    dataDir: process.env.CENTRAL_DATA_DIR || './central-data',
    adminUser: process.env.CENTRAL_ADMIN_USER || 'admin',
    adminPassword: process.env.CENTRAL_ADMIN_PASSWORD ?? '',
  });
  // Hubs registered by an older release get this release's validator and views,
  // before the address is printed: whoever waits for it (a test, a script) then
  // provisions a central that is not being rewritten at the same moment.
  try {
    const upgraded = (await upgradeCentral({ url: central.url, adminUser: process.env.CENTRAL_ADMIN_USER || 'admin', adminPassword: process.env.CENTRAL_ADMIN_PASSWORD ?? '' })).filter(
      (u) => u.validator !== 'unchanged' || u.views !== 'unchanged',
    );
    if (upgraded.length > 0) process.stdout.write(`Brought ${upgraded.length} hub database${upgraded.length === 1 ? '' : 's'} up to this release (validator and reporting views).\n`);
  } catch (error) {
    // Central still serves the hubs; `darasa central upgrade` can be run again.
    process.stderr.write(`central: hub databases not brought up to this release: ${(error as Error).message}\n`);
  }
  process.stdout.write(`Central (embedded, for development and pilots) listening on ${central.url}\n`);
  let dashboard: { close(): Promise<void> } | null = null;
  if (process.env.CENTRAL_DASHBOARD !== 'off') {
    try {
      const admin = { url: central.url, adminUser: process.env.CENTRAL_ADMIN_USER || 'admin', adminPassword: process.env.CENTRAL_ADMIN_PASSWORD ?? '' };
      const started = await startDashboard(admin, process.env, { port: port === 0 ? 0 : 5990 });
      dashboard = started;
      process.stdout.write(`Central dashboard on ${started.url}\n`);
    } catch (error) {
      // Central keeps running for the hubs; the dashboard's problem is said plainly.
      const code = (error as NodeJS.ErrnoException).code;
      process.stderr.write(`central: the dashboard did not start: ${code === 'EADDRINUSE' ? 'its port is in use; set CENTRAL_DASHBOARD_PORT' : (error as Error).message}\n`);
    }
  }
  const stop = () => {
    void Promise.resolve(dashboard?.close()).catch(() => undefined).then(() => central.close()).then(() => process.exit(0));
    // LevelDB writes are synchronous to the log; a stuck socket must not hold the exit.
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof CentralConfigError) {
    process.stderr.write(`central: ${error.message}\n`);
    process.exit(1);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    process.stderr.write(`central: port ${port} is in use; set CENTRAL_PORT to another port.\n`);
    process.exit(1);
  }
  throw error;
}
