// Console commands for accounts, run while the hub is stopped (the data
// directory is locked by a running hub):
//   darasa setup                 first-run setup without a browser (headless installs)
//   darasa reset-admin-password  recovery of a forgotten administrator password:
//                                there is no email on a truck, so whoever holds the
//                                hub's console is trusted to reset it
// Passwords are read from standard input (one line; piped or typed without echo),
// never from the command line, where `ps` and the shell history would keep them.
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { Value } from 'typebox/value';
import { DEFAULT_AUTH } from '../config.ts';
import { openStore } from '../store/store.ts';
import { flushAccounts, openAccounts } from '../auth/accounts.ts';
import { resetAdminPassword, setUpHub } from '../setup/service.ts';
import { SetupBody } from '../setup/schemas.ts';
import { Password } from '../people/schemas.ts';

function dataDirOf(options: { dataDir?: string }): string {
  return path.resolve(options.dataDir ?? process.env.DATA_DIR ?? './data');
}

function fail(message: string): never {
  process.stderr.write(`darasa: ${message}\n`);
  process.exit(1);
}

/** One line from stdin: piped as is, or typed at a terminal without echo. */
async function readPassword(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    let text = '';
    for await (const chunk of input) text += chunk;
    return text.split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write(prompt);
  const rl = createInterface({ input, output: process.stderr, terminal: true });
  // Mute the echo of what is typed; the prompt itself was written above.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  const line = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return line;
}

async function withAccounts<T>(dataDir: string, task: (accounts: Awaited<ReturnType<typeof openAccounts>>) => Promise<T>): Promise<T> {
  const store = await openStore(dataDir);
  try {
    const accounts = await openAccounts(store, DEFAULT_AUTH);
    try {
      return await task(accounts);
    } finally {
      await flushAccounts(accounts);
    }
  } finally {
    await store.close();
  }
}

export function registerAccountCommands(program: Command): void {
  program
    .command('setup')
    .description('First-run setup without a browser: name the hub and create the first administrator (hub stopped). The password is read from stdin.')
    .requiredOption('--hub-name <name>', 'the truck or classroom name shown in the app')
    .requiredOption('--country <code>', 'ISO 3166-1 alpha-2 country code, e.g. KE')
    .option('--language <code>', 'default language of the app, e.g. en, fr, sw', 'en')
    .option('--admin-username <name>', "the first administrator's username", 'admin')
    .option('--data-dir <dir>', 'data directory (default: $DATA_DIR or ./data)')
    .action(async (options: { hubName: string; country: string; language: string; adminUsername: string; dataDir?: string }) => {
      const password = await readPassword('Password for the administrator (8 characters or more): ');
      const body = { hubName: options.hubName, country: options.country.toUpperCase(), language: options.language, admin: { username: options.adminUsername, password } };
      const problem = [...Value.Errors(SetupBody, body)][0];
      if (problem) fail(`${problem.instancePath.replace(/^\//, '').replace('/', '.') || 'input'} ${problem.message}.`);
      await withAccounts(dataDirOf(options), async (accounts) => {
        try {
          const { settings, admin } = await setUpHub(accounts, body);
          process.stdout.write(`Hub "${settings.name}" is set up. Administrator "${admin.username}" can sign in at the hub's address.\n`);
        } catch (error) {
          if ((error as { code?: string }).code === 'SETUP_DONE') fail('this hub is already set up. To recover an administrator account, use "darasa reset-admin-password".');
          throw error;
        }
      });
    });

  program
    .command('reset-admin-password')
    .description('Set a new password for an administrator who forgot theirs (hub stopped); creates the administrator if the username is free. Reads the password from stdin.')
    .option('--username <name>', 'the administrator to reset', 'admin')
    .option('--data-dir <dir>', 'data directory (default: $DATA_DIR or ./data)')
    .action(async (options: { username: string; dataDir?: string }) => {
      const password = await readPassword(`New password for ${options.username} (8 characters or more): `);
      if (!Value.Check(Password, password)) fail('the password must be 8 to 200 characters.');
      await withAccounts(dataDirOf(options), async (accounts) => {
        if (!(await accounts.settings.read())) fail('this hub is not set up yet. Run "darasa setup" (or open the app) first.');
        const { person, created } = await resetAdminPassword(accounts, options.username, password);
        process.stdout.write(
          created
            ? `Created administrator "${person.username}".\n`
            : `New password set for "${person.username}"; the account is unlocked and its open sessions have ended.\n`,
        );
      });
    });
}
