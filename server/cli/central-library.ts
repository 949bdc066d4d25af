// `darasa central publish-pack PACK` and `darasa central library`: central's
// shared library, which every hub pulls at its next sync. A pack is validated
// here exactly as a hub will validate it (a pack the hubs would refuse is never
// published), then sent as checksummed chunks (sync/library/publish.ts).
import path from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { readPackFolder } from '../../content/pack/read-folder.ts';
import { readPackZip } from '../../content/pack/read-zip.ts';
import { writePackZip } from '../../content/pack/write-zip.ts';
import { parsePack } from '../../content/pack/parse-pack.ts';
import { formatProblem } from '../../content/pack/problems.ts';
import { CentralError, type CentralAdmin } from '../../sync/central/couch-http.ts';
import { listLibrary, publishToLibrary } from '../../sync/library/publish.ts';
import { listDecisions, publishSubmissions } from '../../sync/library/submissions.ts';
import { isHubId } from '../../sync/ids.ts';

interface CentralHelpers<O> {
  withCentralOptions(command: Command): Command;
  adminOf(options: O): CentralAdmin;
  fail(message: string): never;
}

async function readPackSource(source: string): Promise<{ zip: Uint8Array; files: Awaited<ReturnType<typeof readPackFolder>> }> {
  if ((await stat(source)).isDirectory()) {
    const files = await readPackFolder(source);
    return { zip: await writePackZip(files), files };
  }
  const zip = new Uint8Array(await readFile(source));
  return { zip, files: await readPackZip(zip) };
}

export function registerLibraryCommands<O>(central: Command, helpers: CentralHelpers<O>): void {
  helpers
    .withCentralOptions(
      central
        .command('publish-pack')
        .argument('<pack>', 'a content pack folder or .zip')
        .description("Put a content pack in central's shared library; every hub installs it (or its newer version) at its next sync."),
    )
    .option('--by <name>', 'who publishes it (kept with the pack)', 'central')
    .action(async (source: string, options: O & { by: string }) => {
      try {
        const { zip, files } = await readPackSource(path.resolve(source));
        const parsed = parsePack(files);
        if (!parsed.ok) helpers.fail(`the pack was not published: hubs would refuse it.\n${parsed.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
        const { manifest, courses } = parsed.pack;
        const result = await publishToLibrary(helpers.adminOf(options), zip, {
          packId: manifest.id,
          version: manifest.version,
          title: manifest.title,
          licence: manifest.licence,
          courseIds: courses.map((c) => c.meta.id),
          languages: [...new Set(courses.map((c) => c.meta.language))],
        }, { publishedBy: options.by });
        process.stdout.write(
          result.status === 'unchanged'
            ? `${manifest.id} ${manifest.version} is already in the library; nothing sent.\n`
            : `published ${manifest.id} ${manifest.version} (${courses.length} course${courses.length === 1 ? '' : 's'}, ${(zip.length / 1024).toFixed(0)} KiB in ${result.doc.chunks.length} chunks, ${result.chunksWritten} sent). Hubs install it at their next sync.\n`,
        );
      } catch (error) {
        if (error instanceof CentralError) helpers.fail(error.message);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') helpers.fail(`there is no pack at ${source}.`);
        throw error;
      }
    });

  helpers
    .withCentralOptions(
      central
        .command('publish-submissions')
        .description("Publish the courses trainers approved on the hubs (library-submission records): each is checked again (approval, trainer, not the author, pack checksum and validity) and published to the shared library, or refused with the reason."),
    )
    .option('--hub <hubId>', "decide only this hub's submissions (repeat for several hubs)", (hubId: string, hubIds: string[] = []) => [...hubIds, hubId])
    .action(async (options: O & { hub?: string[] }) => {
      const wrong = options.hub?.find((hubId) => !isHubId(hubId));
      if (wrong) helpers.fail(`"${wrong}" is not a hub id: hub ids look like hub-abcdefgh23 ("darasa check-data" prints it on the hub).`);
      try {
        const result = await publishSubmissions(helpers.adminOf(options), options.hub ? { hubIds: options.hub } : {});
        for (const p of result.published) process.stdout.write(`published ${p.packId} ${p.version}.0.0 from ${p.hubId}\n`);
        for (const r of result.refused) process.stdout.write(`refused ${r.courseId} version ${r.version} from ${r.hubId}: ${r.reason}\n`);
        for (const w of result.waiting) process.stdout.write(`waiting ${w.courseId} version ${w.version} from ${w.hubId}: ${w.reason}\n`);
        if (!result.published.length && !result.refused.length && !result.waiting.length) process.stdout.write('No submission to decide.\n');
      } catch (error) {
        if (error instanceof CentralError) helpers.fail(error.message);
        throw error;
      }
    });

  helpers.withCentralOptions(central.command('library').description("List the packs in central's shared library.")).action(async (options: O) => {
    try {
      const packs = await listLibrary(helpers.adminOf(options));
      if (packs.length === 0) process.stdout.write('The shared library is empty. "darasa central publish-pack PACK" adds one.\n');
      for (const p of packs) process.stdout.write(`${p.packId} ${p.version}  ${p.title}  (${p.languages.join(', ')}; ${(p.size / 1024).toFixed(0)} KiB; published ${p.publishedAt.slice(0, 10)} by ${p.publishedBy})\n`);
      // Reviewed courses the hubs submitted: what the publisher decided, refusals with their reason.
      const decisions = await listDecisions(helpers.adminOf(options));
      if (decisions.length) process.stdout.write(`\nSubmissions from the hubs (${decisions.length}):\n`);
      for (const d of decisions) process.stdout.write(`${d.decidedAt.slice(0, 10)} ${d.decision} ${d.courseId} version ${d.version} from ${d.hubId}${d.reason ? `: ${d.reason}` : ''}\n`);
    } catch (error) {
      if (error instanceof CentralError) helpers.fail(error.message);
      throw error;
    }
  });
}
