// Content at scale: importing the seed curriculum and a generated 2,000-lesson
// pack (40 courses × 50 lessons, 3 activities each), rebuilding the search index
// over it, and the hub's memory once it is loaded — measured on a real hub
// process (RSS from /proc) beside the same hub with no content.
import { readFile } from 'node:fs/promises';
import { openStore } from '../../server/store/store.ts';
import { ContentRepository } from '../../server/content/repository.ts';
import { MediaStore } from '../../server/content/media-store.ts';
import { ContentImporter } from '../../server/content/import-service.ts';
import { SearchIndex } from '../../server/search/search-index.ts';
import { searchDocsFor } from '../../server/content/search-docs.ts';
import { readPackFolder } from '../../content/pack/read-folder.ts';
import { SEED_PACK_DIR } from '../../server/config.ts';
import { startHubProcess } from '../support/hub-process.ts';
import { makeTempDir, removeTempDirs } from '../support/temp-dir.ts';
import { withChecksums, text } from '../support/packs.ts';
import { round, type Benchmark } from './harness.ts';

const WORDS = 'computer keyboard mouse screen battery recycle solar village market teacher learner lesson practice water farm phone money safe password email browser file folder save open print light power cable repair copper glass lamp sorting collect school bus price customer photo message friend family health clinic rain harvest'.split(' ');

function sentence(seed: number, length: number): string {
  const words: string[] = [];
  for (let i = 0; i < length; i++) words.push(WORDS[(seed * 31 + i * 17 + (seed >> 3)) % WORDS.length]!);
  return `${words.join(' ')}.`;
}

export function generatedPack(courses = 40, lessonsPerCourse = 50): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const folders: string[] = [];
  for (let c = 0; c < courses; c++) {
    const folder = `gen-course-${c}`;
    folders.push(folder);
    const slugs = Array.from({ length: lessonsPerCourse }, (_, l) => `l${l}`);
    files.set(`courses/${folder}/course.md`, text(`---\nid: gen-c${c}\ntitle: Generated course ${c} ${sentence(c, 3)}\nlanguage: ${c % 2 ? 'fr' : 'en'}\nlevel: beginner\ntags: [generated, topic-${c % 7}]\nestimatedMinutes: ${lessonsPerCourse * 10}\nlicence: CC0-1.0\nauthors: [Bench]\nversion: 1.0.0\nmodules:\n  - id: gen-c${c}-m1\n    title: Everything\n    lessons: [${slugs.join(', ')}]\n---\n${sentence(c, 40)}\n`));
    for (let l = 0; l < lessonsPerCourse; l++) {
      const id = `gen-c${c}-l${l}`;
      const paragraphs = Array.from({ length: 6 }, (_, p) => sentence(c * 1000 + l * 10 + p, 50)).join('\n\n');
      const activity = (n: number) => `\`\`\`activity\nid: ${id}-a${n}\nkind: single-choice\nprompt: ${sentence(l + n, 8)}\nchoices:\n  - text: yes\n    correct: true\n  - text: no\nexplanation: Because.\n\`\`\``;
      files.set(`courses/${folder}/lessons/l${l}.md`, text(`---\nid: ${id}\ntitle: Lesson ${l} ${sentence(l, 3)}\n---\n# Lesson ${l}\n\n${paragraphs}\n\n${activity(1)}\n\n${activity(2)}\n\n${activity(3)}\n`));
    }
  }
  return withChecksums(files, { packId: 'generated', version: '1.0.0', courses: folders });
}

async function timeImport(files: Map<string, Uint8Array>) {
  const store = await openStore(await makeTempDir());
  const repository = new ContentRepository(store.databases.content);
  const importer = new ContentImporter(repository, new MediaStore(store.dataDir));
  const started = performance.now();
  await importer.importFiles(files);
  const importMs = performance.now() - started;
  const indexStarted = performance.now();
  const index = new SearchIndex();
  index.rebuild(searchDocsFor(await repository.listCourses(), await repository.listLessons()));
  const indexMs = performance.now() - indexStarted;
  return { store, importMs, indexMs };
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
}

/** RSS once it has settled: the search index is built after the hub starts
 * answering, so memory grows for a few seconds after start. */
async function settledRssOf(pid: number): Promise<number> {
  let previous = await rssOf(pid);
  for (let i = 0; i < 60; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const current = await rssOf(pid);
    if (i >= 3 && Math.abs(current - previous) < previous * 0.01) return current;
    previous = current;
  }
  return previous;
}

export const content: Benchmark = {
  name: 'content',
  async run() {
    const seed = await timeImport(await readPackFolder(SEED_PACK_DIR));
    await seed.store.close();
    const big = await timeImport(generatedPack());
    const bigDir = big.store.dataDir;
    await big.store.close();

    const bare = await startHubProcess({ DATA_DIR: await makeTempDir(), SEED_CONTENT: '0' });
    const bareRss = await settledRssOf(bare.child.pid!);
    await bare.stop();
    const loaded = await startHubProcess({ DATA_DIR: bigDir, SEED_CONTENT: '0' });
    const loadedRss = await settledRssOf(loaded.child.pid!);
    await loaded.stop();
    await removeTempDirs();
    const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
    return [
      { bench: 'content', metric: 'import seed curriculum (7 courses, 45 lessons)', value: round(seed.importMs, 0), unit: 'ms' },
      { bench: 'content', metric: 'search index build, seed', value: round(seed.indexMs, 0), unit: 'ms' },
      { bench: 'content', metric: 'import generated pack (2,000 lessons, 6,000 activities)', value: round(big.importMs, 0), unit: 'ms', note: `${round(big.importMs / 2000, 2)} ms per lesson` },
      { bench: 'content', metric: 'search index build, 2,000 lessons', value: round(big.indexMs, 0), unit: 'ms' },
      { bench: 'content', metric: 'hub memory (RSS) with 2,000 lessons loaded', value: mb(loadedRss), unit: 'MB', note: `empty hub ${mb(bareRss)} MB: +${mb(loadedRss - bareRss)} MB, search index built` },
    ];
  },
};
