// `darasa central dashboard --couch URL`: serves the central dashboard (fleet,
// impact, reports) against a real CouchDB 3, as central's administrator
// (CENTRAL_ADMIN_USER / CENTRAL_ADMIN_PASSWORD, as the other central
// commands). The first staff administrator comes from CENTRAL_DASHBOARD_ADMIN
// and CENTRAL_DASHBOARD_ADMIN_PASSWORD (server/central-dashboard/start.ts).
import type { Command } from 'commander';
import { CentralError, type CentralAdmin } from '../../sync/central/couch-http.ts';
import { centralStatus } from '../../sync/central/provision.ts';
import { DashboardConfigError, startDashboard } from '../central-dashboard/start.ts';

interface Helpers<O> {
  adminOf(options: O): CentralAdmin;
  fail(message: string): never;
}

export function registerDashboardCommand<O>(central: Command, helpers: Helpers<O>): void {
  central
    .command('dashboard')
    .description("Serve the central dashboard (fleet, impact figures, reports) against central's CouchDB. Staff sign in with accounts of their own; the first administrator comes from CENTRAL_DASHBOARD_ADMIN and CENTRAL_DASHBOARD_ADMIN_PASSWORD.")
    .requiredOption('--couch <url>', "central's CouchDB 3 address, e.g. https://central.example.org:6984")
    .option('--admin-user <name>', "central's CouchDB administrator (default: $CENTRAL_ADMIN_USER)")
    .option('--admin-password <password>', "the administrator's password (default: $CENTRAL_ADMIN_PASSWORD)")
    .option('--port <port>', 'the port the dashboard listens on (default: $CENTRAL_DASHBOARD_PORT or 5990)')
    .action(async (options: { couch: string; adminUser?: string; adminPassword?: string; port?: string }) => {
      const admin = helpers.adminOf({ central: options.couch, adminUser: options.adminUser, adminPassword: options.adminPassword } as O);
      const status = await centralStatus(admin);
      if (!status.reachable || status.error) helpers.fail(status.error ?? `central at ${options.couch} is not reachable.`);
      try {
        const env = options.port ? { ...process.env, CENTRAL_DASHBOARD_PORT: options.port } : process.env;
        const dashboard = await startDashboard(admin, env);
        process.stdout.write(`Central dashboard (${status.version}, ${status.hubs} hubs) on ${dashboard.url}\n`);
        const stop = () => void dashboard.close().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      } catch (error) {
        if (error instanceof DashboardConfigError || error instanceof CentralError) helpers.fail(error.message);
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') helpers.fail('the dashboard port is in use; pass --port or set CENTRAL_DASHBOARD_PORT.');
        throw error;
      }
    });
}
