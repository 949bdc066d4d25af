// Sync by USB, when there is no link at all:
//   darasa sync export FILE                     on the hub (stopped): every record central has
//                                               not confirmed, into one checksummed file
//   darasa central import FILE --central URL    at central, as its administrator: store them,
//                                               idempotently (a second import writes nothing)
// A running hub offers the same file on its admin page (Sync with central → Export for USB).
import path from 'node:path';
import type { Command } from 'commander';
import { dataDirOf, openStoppedHub } from './stopped-hub.ts';
import { SyncRepository } from '../sync/repository.ts';
import { exportForUsb } from '../sync/usb-export.ts';
import { CentralError } from '../../sync/central/couch-http.ts';
import { TransferFileError } from '../../sync/usb/format.ts';
import { importHubRecords } from '../../sync/usb/import-hub-records.ts';
import { formatBytes } from '../../content/pack/files.ts';
import { DEFAULT_AUTH } from '../config.ts';
import { flushAccounts, openAccounts } from '../auth/accounts.ts';
import type { StaffImport } from '../../sync/staff/import-staff.ts';
import { adminOf, fail, withCentralOptions } from './central.ts';

const count = (n: number) => n.toLocaleString('en');

function writeProblem(file: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOSPC') return `the disk or stick holding ${file} is full; nothing was written. Free some space or use another stick.`;
  if (error.code === 'ENOENT') return `the folder of ${file} does not exist (is the stick mounted?); nothing was written.`;
  return `cannot write ${file} (${error.code}); nothing was written. Check the path and that the stick is writable.`;
}

function registerExport(program: Command): void {
  const sync = program.command('sync').description('Sync by USB when the hub has no link: `sync export FILE` (records for central), `sync import FILE` (library from central). Online sync runs by itself; see also sync-now.');
  sync
    .command('export')
    .argument('<file>', 'where to write the file, e.g. /media/usb/darasa-records.zip')
    .description('Write every record central has not confirmed yet into one checksummed file for a USB stick (the hub must be stopped; a running hub has Export for USB on its admin page).')
    .option('--data-dir <dir>', 'data directory (default: $DATA_DIR or ./data)')
    .action(async (file: string, options: { dataDir?: string }) => {
      const dataDir = dataDirOf(options);
      const store = await openStoppedHub(dataDir, `the hub is running on ${dataDir}, so its records cannot be read from here. Stop the hub first, or download the same file from its admin page (Sync with central → Export for USB).`);
      try {
        const target = path.resolve(file);
        let record;
        const accounts = await openAccounts(store, DEFAULT_AUTH);
        try {
          record = await exportForUsb(store, new SyncRepository(store.databases.local, store.hubId), target, { accounts });
        } catch (error) {
          if (!(error as NodeJS.ErrnoException).code) throw error;
          process.stderr.write(`darasa: ${writeProblem(target, error as NodeJS.ErrnoException)}\n`);
          process.exitCode = 1;
          return; // the store closes below
        } finally {
          await flushAccounts(accounts);
        }
        const kinds = Object.entries(record.byKind).sort(([a], [b]) => a.localeCompare(b));
        process.stdout.write(
          [
            record.documents === 0
              ? `Nothing waits for central: ${target} holds no records (${formatBytes(record.bytes)}).`
              : `Exported ${count(record.documents)} records of hub ${store.hubId} to ${target} (${formatBytes(record.bytes)}):`,
            ...kinds.map(([kind, n]) => `  ${kind}: ${count(n)}`),
            `At central, run: npx darasa central import ${path.basename(target)} --central URL`,
            '',
          ].join('\n'),
        );
      } finally {
        await store.close();
      }
    });
}

function registerImport(program: Command): void {
  const central = program.commands.find((command) => command.name() === 'central');
  if (!central) throw new Error('register the central commands before the USB commands');
  withCentralOptions(
    central
      .command('import')
      .argument('<file>', 'the file a hub wrote with "darasa sync export" (or its admin page)')
      .description("Store a hub's USB export in its database at central. Safe to repeat: records central has are skipped. Records that do not belong to that hub are refused and listed."),
  ).action(async (file: string, options: { central: string; adminUser?: string; adminPassword?: string }) => {
    let result;
    try {
      // Larger requests than provisioning makes: batches of records.
      result = await importHubRecords({ ...adminOf(options), timeoutMs: 120_000 }, path.resolve(file));
    } catch (error) {
      if (error instanceof TransferFileError || error instanceof CentralError) fail(error.message);
      throw error;
    }
    const { manifest, hubId, database, added, alreadyThere, refused, staff } = result;
    const lines = [
      `${file}: ${count(manifest.documents)} records of hub ${hubId}, exported ${manifest.createdAt}, into ${database}:`,
      `  new at central:  ${count(added)}`,
      `  already there:   ${count(alreadyThere)}`,
      `  refused:         ${count(refused.length)}`,
      ...refused.map((r) => `    ${r.id} — ${r.reason}`),
      ...staffSummary(staff),
    ];
    const staffWritten = staff.added + staff.updated + staff.disabled;
    if (added === 0 && refused.length === 0 && staffWritten === 0 && staff.refused.length === 0) lines.push('Nothing changed: central already had every record in this file.');
    if (result.checkpointCarried) lines.push(`The hub's next online sync starts after these records.`);
    process.stdout.write(`${lines.join('\n')}\n`);
    const what = [
      ...(refused.length > 0 ? [`${count(refused.length)} record${refused.length === 1 ? '' : 's'}`] : []),
      ...(staff.refused.length > 0 ? [`${count(staff.refused.length)} staff account${staff.refused.length === 1 ? '' : 's'}`] : []),
    ];
    if (what.length > 0) fail(`${what.join(' and ')} ${refused.length + staff.refused.length === 1 ? 'was' : 'were'} refused (listed above with the reason) and not imported; the others were.`);
  });
}

/** The staff accounts' lines of `central import` (none when the file holds none). */
function staffSummary(staff: StaffImport): string[] {
  const total = staff.added + staff.updated + staff.disabled + staff.alreadyThere + staff.outdated.length + staff.refused.length;
  if (total === 0) return [];
  return [
    `Staff accounts (roaming teachers and trainers) into darasa-staff:`,
    `  added:           ${count(staff.added)}`,
    `  updated:         ${count(staff.updated)}`,
    `  disabled:        ${count(staff.disabled)}`,
    `  already there:   ${count(staff.alreadyThere)}`,
    ...(staff.outdated.length > 0 ? [`  not written:     ${count(staff.outdated.length)}`, ...staff.outdated.map((o) => `    ${o.username} — ${o.reason}`)] : []),
    `  refused:         ${count(staff.refused.length)}`,
    ...staff.refused.map((r) => `    ${r.id} — ${r.reason}`),
  ];
}

export function registerUsbCommands(program: Command): void {
  registerExport(program);
  registerImport(program);
  program.addHelpText(
    'after',
    [
      '',
      'Sync by USB (when the hub has no link at all):',
      '  darasa sync export FILE                    on the hub (stopped): records central has not confirmed, into FILE',
      '  darasa central import FILE --central URL   at central: store them (safe to repeat)',
      '  darasa central export-library FILE ...     at central: the shared library, into FILE',
      '  darasa sync import FILE                    on the hub (stopped): install the library from FILE',
    ].join('\n'),
  );
}
