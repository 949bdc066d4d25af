// `darasa central disable-staff USERNAME` and `darasa central staff`: the
// roaming staff accounts at central (sync/staff/). A disabled account is
// refused on every hub after that hub's next sync; its home hub deactivates
// the person too.
import type { Command } from 'commander';
import { CentralError, type CentralAdmin } from '../../sync/central/couch-http.ts';
import { disableStaffAtCentral, listStaffAtCentral } from '../../sync/staff/admin.ts';

interface CentralHelpers<O> {
  withCentralOptions(command: Command): Command;
  adminOf(options: O): CentralAdmin;
  fail(message: string): never;
}

export function registerStaffCommands<O>(central: Command, helpers: CentralHelpers<O>): void {
  helpers
    .withCentralOptions(
      central
        .command('disable-staff')
        .argument('<username>', "the teacher's or trainer's username, as they sign in")
        .description('Disable a roaming staff account: every hub refuses it after its next sync, and its home hub deactivates the person.'),
    )
    .action(async (username: string, options: O) => {
      try {
        const { account, changed } = await disableStaffAtCentral(helpers.adminOf(options), username);
        const who = `${account.username} (${[account.givenName, account.familyName].join(' ')}, ${account.roles.join(' and ')} of ${account.homeHubId})`;
        process.stdout.write(
          changed
            ? `Disabled ${who}. Each hub refuses it after its next sync.\n`
            : `${who} was already disabled${account.disabledBy ? ` by ${account.disabledBy}` : ''}${account.disabledAt ? ` on ${account.disabledAt.slice(0, 10)}` : ''}; nothing changed.\n`,
        );
      } catch (error) {
        if (error instanceof CentralError) helpers.fail(error.message);
        throw error;
      }
    });

  helpers
    .withCentralOptions(central.command('staff').description('List the roaming staff accounts at central: username, name, roles, home hub, status.'))
    .option('--json', 'print them as JSON (for scripts)')
    .action(async (options: O & { json?: boolean }) => {
      try {
        const accounts = await listStaffAtCentral(helpers.adminOf(options));
        if (options.json) {
          process.stdout.write(`${JSON.stringify(accounts, null, 2)}\n`);
          return;
        }
        if (accounts.length === 0) process.stdout.write('No staff accounts at central yet: they arrive when their hubs sync.\n');
        for (const a of accounts) {
          const status = a.active ? 'active' : `disabled${a.disabledBy ? ` by ${a.disabledBy}` : ''}`;
          process.stdout.write(`${a.username.padEnd(20)} ${`${a.givenName} ${a.familyName}`.padEnd(28)} ${a.roles.join(',').padEnd(16)} ${a.homeHubId}  ${status}\n`);
        }
      } catch (error) {
        if (error instanceof CentralError) helpers.fail(error.message);
        throw error;
      }
    });
}
