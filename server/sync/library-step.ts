// The last step of a sync run: the packs this hub wants from central's shared
// library (sync/library/pull.ts, installed through library.ts), then central's
// decisions on the courses this hub sent for review (issue 9, one small
// request), both written to the sync state's library part with the bytes used.
import { LIBRARY_DB } from '../../sync/central/provision.ts';
import { pullLibrary } from '../../sync/library/pull.ts';
import { pullDecisions } from '../../sync/library/decisions.ts';
import { addBytes } from './budget.ts';
import { emptyLibraryState, recordPull, type LibraryInstaller } from './library.ts';
import { centralDatabase, explainStepFailure, type RunContext } from './run-context.ts';

export async function pullLibraryStep(run: RunContext, library: LibraryInstaller, hubId: string): Promise<void> {
  const state = await run.repository.getState();
  const source = centralDatabase(run.connection, LIBRARY_DB);
  try {
    const result = await pullLibrary(source, {
      fetch: run.fetch,
      downloadsDir: library.downloadsDir,
      wants: (doc) => library.wants(doc, state.library ?? emptyLibraryState()),
      install: (zip) => library.install(zip),
    });
    const decisions = await pullDecisions(source, hubId, run.fetch);
    await run.repository.updateState((s) => {
      addBytes(s, run.meter.take());
      s.library = recordPull(s.library, result);
      if (decisions) s.library.decisions = decisions;
    });
    for (const pack of result.installed) run.log.info(`installed ${pack.packId} ${pack.version} from central's library`);
  } catch (error) {
    await run.saveBytes();
    await run.fail(explainStepFailure(error, run));
  }
}
