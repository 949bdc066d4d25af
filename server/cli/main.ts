// `npx darasa …`: operator tasks on the hub's console. Each command is a small
// module under server/cli/; later issues add theirs to the list below.
import { Command } from 'commander';
import { readVersion } from '../config.ts';
import { StoreError } from '../store/store-errors.ts';
import { registerStart } from './start.ts';
import { registerDataCommands } from './data.ts';
import { registerAccountCommands } from './accounts.ts';
import { registerPackCommands } from './packs.ts';
import { registerSyncCommands } from './sync.ts';
import { registerCentralCommands } from './central.ts';
import { registerUsbCommands } from './usb.ts';
import { registerUsbLibraryCommands } from './usb-library.ts';
import { PackFileError } from '../../content/pack/files.ts';

const program = new Command()
  .name('darasa')
  .description('Operate a Darasa hub: start it, check and repair its data, and more.')
  .version(readVersion())
  .showHelpAfterError();

registerStart(program);
registerDataCommands(program);
registerAccountCommands(program);
registerPackCommands(program);
registerSyncCommands(program);
registerCentralCommands(program);
registerUsbCommands(program); // after central: adds `central import`
registerUsbLibraryCommands(program); // after both: adds `central export-library`, `sync import`

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof StoreError || error instanceof PackFileError) {
    process.stderr.write(`darasa: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
