// Content-pack commands on the hub's console: import a pack from a folder or
// .zip (a USB stick), export a course, and rewrite a pack's checksums after
// editing it by hand. Import and export open the store, so the hub must be
// stopped (the browser's import page works while it runs).
import path from 'node:path';
import { readFile, writeFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { readPackFolder } from '../../content/pack/read-folder.ts';
import { readPackZip } from '../../content/pack/read-zip.ts';
import { writePackZipFile } from '../../content/pack/write-zip.ts';
import { computeChecksums, MANIFEST_PATH } from '../../content/pack/checksums.ts';
import { formatProblem } from '../../content/pack/problems.ts';
import { openStore } from '../store/store.ts';
import { ContentRepository } from '../content/repository.ts';
import { MediaStore } from '../content/media-store.ts';
import { ContentImporter, PackRefused } from '../content/import-service.ts';
import { exportCourses } from '../content/export-service.ts';

const dataDirOf = (options: { dataDir?: string }) => path.resolve(options.dataDir ?? process.env.DATA_DIR ?? './data');

async function readPack(source: string) {
  return (await stat(source)).isDirectory() ? readPackFolder(source) : readPackZip(source);
}

export function registerPackCommands(program: Command): void {
  program
    .command('import-pack')
    .description('Import a content pack from a folder or .zip (the hub must be stopped).')
    .argument('<path>', 'pack folder or .zip file')
    .option('--force', 'install even if older than the installed version')
    .option('--data-dir <dir>', 'data directory (default: $DATA_DIR or ./data)')
    .action(async (source: string, options: { force?: boolean; dataDir?: string }) => {
      const files = await readPack(path.resolve(source));
      const store = await openStore(dataDirOf(options));
      try {
        const importer = new ContentImporter(new ContentRepository(store.databases.content), new MediaStore(store.dataDir));
        const report = await importer.importFiles(files, { force: Boolean(options.force) });
        process.stdout.write(`${report.packId} ${report.version}: ${report.status}${report.previousVersion ? ` (was ${report.previousVersion})` : ''}\n`);
        for (const course of report.courses) process.stdout.write(`  ${course.id} (${course.language}): ${course.lessons} lessons, ${course.activities} activities\n`);
        if (report.retiredLessons.length) process.stdout.write(`  retired lessons: ${report.retiredLessons.join(', ')}\n`);
        if (report.retiredActivities.length) process.stdout.write(`  retired activities: ${report.retiredActivities.join(', ')}\n`);
      } catch (error) {
        if (!(error instanceof PackRefused)) throw error;
        process.stderr.write(`darasa: ${error.message}\n${error.problems.map((p) => `  ${formatProblem(p)}\n`).join('')}`);
        process.exitCode = 1;
      } finally {
        await store.close();
      }
    });

  program
    .command('export-pack')
    .description('Export a course as a pack .zip that imports on another hub (the hub must be stopped).')
    .argument('<courseId>', 'the course id, e.g. computer-basics-en')
    .argument('<out>', 'the .zip file to write')
    .option('--data-dir <dir>', 'data directory (default: $DATA_DIR or ./data)')
    .action(async (courseId: string, out: string, options: { dataDir?: string }) => {
      const store = await openStore(dataDirOf(options));
      try {
        const repository = new ContentRepository(store.databases.content);
        const course = await repository.getCourse(courseId);
        if (!course || course.retired) {
          process.stderr.write(`darasa: there is no course "${courseId}" on this hub. "npx darasa check-data" lists what the hub holds.\n`);
          process.exitCode = 1;
          return;
        }
        const files = await exportCourses(repository, new MediaStore(store.dataDir), [course], { id: course.courseId, version: course.version, title: course.title, licence: course.licence });
        await writePackZipFile(files, path.resolve(out));
        process.stdout.write(`wrote ${out}: ${course.title} ${course.version}, ${files.size} files\n`);
      } finally {
        await store.close();
      }
    });

  program
    .command('pack')
    .description('Tools for pack authors.')
    .command('checksum')
    .description('Rewrite the "files" checksums in DIR/pack.json after editing a pack.')
    .argument('<dir>', 'the pack folder')
    .action(async (dir: string) => {
      const files = await readPackFolder(path.resolve(dir));
      const manifestPath = path.join(dir, MANIFEST_PATH);
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
      manifest.files = computeChecksums(files);
      await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
      process.stdout.write(`wrote checksums of ${Object.keys(manifest.files as object).length} files to ${manifestPath}\n`);
    });
}
