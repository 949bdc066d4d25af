// The `content` plugin: the content repository, media store, importer and
// search index as one service on `app.content`. On start it installs the seed
// curriculum when the hub has none or an older one, and builds the search index.
import fp from 'fastify-plugin';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ContentRepository } from './repository.ts';
import { MediaStore } from './media-store.ts';
import { ContentImporter } from './import-service.ts';
import { SearchIndex } from '../search/search-index.ts';
import { searchDocsFor } from './search-docs.ts';
import { readPackFolder } from '../../content/pack/read-folder.ts';
import { compareVersions } from './semver.ts';
import routes from './routes.ts';
import type { Activity } from '../../content/model/activities.ts';
import type { CourseDoc, LessonDoc } from '../../sync/content-documents.ts';

export interface ActivityLocation {
  activity: Activity;
  lesson: LessonDoc;
  course: CourseDoc;
}

export interface ContentService {
  repository: ContentRepository;
  media: MediaStore;
  importer: ContentImporter;
  search: SearchIndex;
  reindex(courseIds?: string[]): Promise<void>;
  /** Resolves once the search index built at start-up is ready. */
  indexReady: Promise<void>;
  /** The live activity with this id, with its lesson and course, or null (unknown, or retired). */
  findActivity(activityId: string): Promise<ActivityLocation | null>;
}

declare module 'fastify' {
  interface FastifyInstance {
    content: ContentService;
  }
}

export default fp<{ seedPackDir: string | null; maxPackBytes: number }>(
  async (app, options) => {
    const repository = new ContentRepository(app.store.databases.content);
    const media = new MediaStore(app.store.dataDir);
    await mkdir(media.root, { recursive: true });
    const search = new SearchIndex();
    // activity id → lesson id, for checking answers and recording progress by activity.
    const activityLessons = new Map<string, string>();
    const reindex = async (courseIds?: string[]) => {
      const courses = await repository.listCourses();
      activityLessons.clear();
      for (const lesson of await repository.listLessons()) {
        if (!lesson.retired) for (const activity of lesson.activities) activityLessons.set(activity.id, lesson.lessonId);
      }
      if (!courseIds) {
        search.rebuild(searchDocsFor(courses, await repository.listLessons()));
        return;
      }
      const touched = courses.filter((c) => courseIds.includes(c.courseId));
      const lessons = await repository.getLessons(touched.flatMap((c) => c.modules.flatMap((m) => m.lessonIds)));
      search.replaceCourses(courseIds, searchDocsFor(touched, lessons));
    };
    const importer = new ContentImporter(repository, media, reindex);
    let markReady: () => void = () => {};
    const indexReady = new Promise<void>((resolve) => (markReady = resolve));
    const findActivity = async (activityId: string): Promise<ActivityLocation | null> => {
      await indexReady; // the activity map is built with the search index
      const lessonId = activityLessons.get(activityId);
      const lesson = lessonId ? await repository.getLesson(lessonId) : null;
      const activity = lesson?.activities.find((a) => a.id === activityId);
      const course = lesson ? await repository.getCourse(lesson.courseId) : null;
      return activity && lesson && course && !lesson.retired && !course.retired ? { activity, lesson, course } : null;
    };
    if (options.seedPackDir) await installSeed(options.seedPackDir, repository, importer, app.log);
    // The search index is built after the hub starts answering: a big library takes
    // seconds to index, and nothing but search needs to wait for it.
    app.addHook('onReady', async () => {
      setImmediate(() => reindex().then(markReady, (error) => {
        app.log.error({ err: error }, 'the search index could not be built');
        markReady();
      }));
    });
    app.decorate('content', { repository, media, importer, search, reindex, indexReady, findActivity });
    await app.register(routes, { maxPackBytes: options.maxPackBytes });
  },
  { name: 'content', dependencies: ['store'] },
);

async function installSeed(dir: string, repository: ContentRepository, importer: ContentImporter, log: { info(msg: string): void; error(obj: object, msg: string): void }) {
  // Reading only the manifest first keeps a normal start fast: the full pack is
  // parsed only when the hub lacks this version.
  const manifest = JSON.parse(await readFile(path.join(dir, 'pack.json'), 'utf8')) as { id: string; version: string };
  const installed = await repository.getPack(manifest.id);
  if (installed && compareVersions(installed.version, manifest.version) >= 0) return;
  try {
    const report = await importer.importFiles(await readPackFolder(dir));
    log.info(`seed curriculum ${report.packId} ${report.version} ${report.status}: ${report.courses.length} courses`);
  } catch (error) {
    // A broken seed must not stop the hub: teachers can still import packs.
    log.error({ err: error, problems: (error as { problems?: unknown }).problems }, 'the seed curriculum could not be installed');
  }
}
