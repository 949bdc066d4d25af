// `darasa central …`: operator commands run at central (or anywhere that
// reaches it), as central's CouchDB administrator:
//   darasa central register-hub HUB_ID --central URL   create or re-key a hub's account
//   darasa central status --central URL                  is central reachable, what runs there
//   darasa central publish-pack PACK --central URL       put a pack in the shared library (central-library.ts)
//   darasa central library --central URL                 list the shared library
//   darasa central disable-staff USERNAME --central URL  disable a roaming staff account everywhere (central-staff.ts)
//   darasa central staff --central URL                   list the roaming staff accounts
// The administrator's credentials come from --admin-user/--admin-password or,
// better (the shell history and `ps` keep flags), from CENTRAL_ADMIN_USER and
// CENTRAL_ADMIN_PASSWORD.
import type { Command } from 'commander';
import { CentralError, type CentralAdmin } from '../../sync/central/couch-http.ts';
import { centralStatus, registerHub } from '../../sync/central/provision.ts';
import { registerLibraryCommands } from './central-library.ts';
import { registerDashboardCommand } from './central-dashboard.ts';
import { registerStaffCommands } from './central-staff.ts';
import { upgradeCentral } from '../../sync/central/upgrade.ts';

interface CentralOptions {
  central: string;
  adminUser?: string;
  adminPassword?: string;
}

export function fail(message: string): never {
  process.stderr.write(`darasa: ${message}\n`);
  process.exit(1);
}

export function adminOf(options: CentralOptions): CentralAdmin {
  const url = new URL(options.central, 'http://invalid');
  // Credentials written into the URL count too; the flags and environment win.
  const adminUser = options.adminUser ?? process.env.CENTRAL_ADMIN_USER ?? (url.username ? decodeURIComponent(url.username) : undefined);
  const adminPassword = options.adminPassword ?? process.env.CENTRAL_ADMIN_PASSWORD ?? (url.password ? decodeURIComponent(url.password) : undefined);
  if (!adminUser || !adminPassword) {
    fail("central's administrator is needed: set CENTRAL_ADMIN_USER and CENTRAL_ADMIN_PASSWORD (or pass --admin-user and --admin-password).");
  }
  return { url: options.central, adminUser, adminPassword };
}

export function withCentralOptions(command: Command): Command {
  return command
    .requiredOption('--central <url>', "central's address, e.g. http://127.0.0.1:5984 or https://central.example.org:6984")
    .option('--admin-user <name>', "central's CouchDB administrator (default: $CENTRAL_ADMIN_USER)")
    .option('--admin-password <password>', "the administrator's password (default: $CENTRAL_ADMIN_PASSWORD, which keeps it out of the shell history)");
}

export function registerCentralCommands(program: Command): void {
  const central = program.command('central').description("Set up central (Apache CouchDB 3 or the embedded `npm run central`) and register hubs with it.");

  withCentralOptions(
    central
      .command('register-hub')
      .argument('<hubId>', 'the hub to register, e.g. hub-abcdefgh23 ("darasa check-data" prints it on the hub)')
      .description("Create the hub's account and database at central, or give an already registered hub a new password (its data is kept). Prints the pairing code the hub's administrator enters once."),
  )
    .option('--public-url <url>', "the address hubs use to reach central, when it differs from --central")
    .option('--json', 'print the registration as JSON (for scripts)')
    .action(async (hubId: string, options: CentralOptions & { publicUrl?: string; json?: boolean }) => {
      try {
        const registration = await registerHub(adminOf(options), hubId, { publicUrl: options.publicUrl });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(registration, null, 2)}\n`);
          return;
        }
        const { centralUrl, database, username, password, pairingCode, rotated } = registration;
        process.stdout.write(
          [
            rotated
              ? `Hub ${hubId} was already registered: its password has been ROTATED (the old password and pairing code no longer work; its data at central is untouched).`
              : `Registered hub ${hubId} at central ${centralUrl}.`,
            `  database:  ${database}`,
            `  username:  ${username}`,
            `  password:  ${password}`,
            '',
            "Pairing code — a SECRET (it contains the password). Enter it once on the hub's sync page, then discard it:",
            `  ${pairingCode}`,
            '',
          ].join('\n'),
        );
      } catch (error) {
        if (error instanceof CentralError) fail(error.message);
        throw error;
      }
    });

  withCentralOptions(central.command('status').description('Check that central answers and show its version and how many hubs it holds.')).action(
    async (options: CentralOptions) => {
      const status = await centralStatus(adminOf(options));
      if (!status.reachable || status.error) fail(status.error ?? 'central is not reachable.');
      process.stdout.write(`Central ${options.central.replace(/\/\/[^@/]*@/, '//')}: ${status.version}, ${status.databases} databases, ${status.hubs} hubs registered.\n`);
    },
  );

  withCentralOptions(
    central
      .command('upgrade')
      .description("Bring every registered hub's validator and reporting views up to this release (data and passwords untouched); run after upgrading Darasa at central. Safe to repeat."),
  ).action(async (options: CentralOptions) => {
    try {
      const upgrades = await upgradeCentral(adminOf(options));
      const changed = upgrades.filter((u) => u.validator !== 'unchanged' || u.views !== 'unchanged');
      for (const u of changed) process.stdout.write(`${u.hubId}: validator ${u.validator}, reporting views ${u.views}\n`);
      process.stdout.write(`${upgrades.length} hub${upgrades.length === 1 ? '' : 's'} checked, ${changed.length} brought up to date.\n`);
    } catch (error) {
      if (error instanceof CentralError) fail(error.message);
      throw error;
    }
  });

  registerLibraryCommands<CentralOptions>(central, { withCentralOptions, adminOf, fail });
  registerDashboardCommand<CentralOptions>(central, { adminOf, fail });
  registerStaffCommands<CentralOptions>(central, { withCentralOptions, adminOf, fail });
}
