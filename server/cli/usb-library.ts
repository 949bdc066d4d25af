// Central's shared library by USB, the reverse of `sync export` / `central import`:
//   darasa central export-library FILE --central URL   at central: the library's packs into FILE
//   darasa sync import FILE                            on the hub (stopped): install the packs
//                                                      it lacks or holds in an older version
// Safe to repeat: a second import installs nothing. The file is checked whole
// before anything is installed, and every pack through the hub's own importer.
// The file also carries central's staff accounts: the hub applies them as its
// online sync would (roaming copies; a disabled own account deactivates the
// person and ends their sessions: server/sync/staff-exchange.ts).
import path from 'node:path';
import type { Command } from 'commander';
import { SyncRepository } from '../sync/repository.ts';
import { emptyLibraryState } from '../sync/library.ts';
import { dataDirOf, libraryInstallerFor, openStoppedHub } from './stopped-hub.ts';
import { CentralError } from '../../sync/central/couch-http.ts';
import { TransferFileError } from '../../sync/usb/format.ts';
import { exportLibraryFile, importLibraryFile } from '../../sync/library/usb-library.ts';
import { formatBytes } from '../../content/pack/files.ts';
import { DEFAULT_AUTH } from '../config.ts';
import { flushAccounts, openAccounts } from '../auth/accounts.ts';
import { applyStaffFromCentral, type StaffApplied } from '../sync/staff-exchange.ts';
import { adminOf, fail, withCentralOptions } from './central.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One line on the staff accounts a library file brought (none: older files, or nothing new). */
export function staffAppliedLine(applied: StaffApplied, inFile: number): string | null {
  if (inFile === 0) return null;
  const disabled = applied.disabled + applied.deactivated.length;
  if (applied.added + applied.updated + disabled === 0) return `staff accounts: nothing new (${plural(inFile, 'account', 'accounts')} in the file, all known here)`;
  return `staff accounts: ${applied.added} added, ${applied.updated} updated, ${disabled} disabled (refused at sign-in here from now on)`;
}

function group(program: Command, name: string): Command {
  const command = program.commands.find((c) => c.name() === name);
  if (!command) throw new Error(`register the ${name} commands before the USB library commands`);
  return command;
}

export function registerUsbLibraryCommands(program: Command): void {
  withCentralOptions(
    group(program, 'central')
      .command('export-library')
      .argument('<file>', 'where to write the file, e.g. /media/usb/darasa-library.zip')
      .description("Write central's shared library (every pack, or those given with --pack) into one checksummed file for hubs without a link."),
  )
    .option('--pack <packId...>', 'only these packs')
    .action(async (file: string, options: { central: string; adminUser?: string; adminPassword?: string; pack?: string[] }) => {
      try {
        const written = await exportLibraryFile({ ...adminOf(options), timeoutMs: 120_000 }, path.resolve(file), { packIds: options.pack });
        const packs = written.manifest.byKind['library-pack'] ?? 0;
        const staff = written.manifest.byKind['staff-account'] ?? 0;
        process.stdout.write(
          `Wrote ${plural(packs, 'pack', 'packs')} of the shared library and ${plural(staff, 'staff account', 'staff accounts')} to ${file} (${formatBytes(written.fileBytes)}). On each hub (stopped): npx darasa sync import ${path.basename(file)}\n`,
        );
      } catch (error) {
        if (error instanceof CentralError) fail(error.message);
        if ((error as NodeJS.ErrnoException).code) fail(`cannot write ${file} (${(error as NodeJS.ErrnoException).code}); nothing was written.`);
        throw error;
      }
    });

  group(program, 'sync')
    .command('import')
    .argument('<file>', 'a library file written by "darasa central export-library"')
    .description("Install central's library packs from a USB file: those this hub lacks or holds in an older version (the hub must be stopped). Safe to repeat.")
    .option('--data-dir <dir>', 'data directory (default: $DATA_DIR or ./data)')
    .action(async (file: string, options: { dataDir?: string }) => {
      const dataDir = dataDirOf(options);
      const store = await openStoppedHub(dataDir, `the hub is running on ${dataDir}. Stop it first, then import the library file.`);
      try {
        const installer = libraryInstallerFor(store);
        const sync = new SyncRepository(store.databases.local, store.hubId);
        // A USB file is read by a person who chose it: a pack refused online is tried again.
        const state = { ...((await sync.getState()).library ?? emptyLibraryState()), failed: [] };
        let result;
        try {
          result = await importLibraryFile(path.resolve(file), { downloadsDir: installer.downloadsDir, wants: (doc) => installer.wants(doc, state), install: (zip) => installer.install(zip) });
        } catch (error) {
          if (error instanceof TransferFileError) fail(error.message);
          throw error;
        }
        const accounts = await openAccounts(store, DEFAULT_AUTH);
        let applied: StaffApplied;
        try {
          applied = await applyStaffFromCentral(accounts, result.staff, { info: () => undefined, warn: (obj, msg) => process.stderr.write(`darasa: ${msg} (${JSON.stringify(obj)})\n`) });
        } finally {
          await flushAccounts(accounts);
        }
        const lines = [
          ...result.installed.map((p) => `installed ${p.packId} ${p.version}`),
          ...result.upToDate.map((p) => `already up to date: ${p.packId} ${p.version}`),
          ...result.failed.map((p) => `NOT installed ${p.packId} ${p.version}: ${p.reason}`),
        ];
        if (lines.length === 0) lines.push('The file holds no packs.');
        const staffLine = staffAppliedLine(applied, result.staff.length);
        if (staffLine) lines.push(staffLine);
        process.stdout.write(`${lines.join('\n')}\n`);
        if (result.failed.length > 0) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
