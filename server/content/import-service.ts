// Installs a parsed pack on the hub. Rules:
// - A pack older than the installed one is refused unless forced; the same
//   version again changes nothing unless forced.
// - A course is updated in place, keeping its ids: lessons and activities a new
//   version drops are kept as retired (hidden, but their history still means
//   something); learners mid-course keep their progress.
// - Media files are written first (content-addressed, harmless if unused), then
//   all documents at once; if any document fails, the documents are restored and
//   the new media files removed, so a refused import leaves the hub as it was.
// Imports run one at a time.
import type { PackFiles } from '../../content/pack/files.ts';
import { parsePack, type ParsedCourse, type ParsedPack } from '../../content/pack/parse-pack.ts';
import type { Problem } from '../../content/pack/problems.ts';
import { extensionOf } from '../../content/pack/media-types.ts';
import { contentIds, type CourseDoc, type LessonDoc, type MediaDoc, type PackDoc, type RetiredActivity } from '../../sync/content-documents.ts';
import type { ContentRepository } from './repository.ts';
import type { MediaStore } from './media-store.ts';
import { compareVersions } from './semver.ts';

export interface ImportReport {
  status: 'installed' | 'updated' | 'unchanged';
  packId: string;
  version: string;
  previousVersion: string | null;
  courses: { id: string; title: string; language: string; lessons: number; activities: number }[];
  mediaFiles: number;
  retiredLessons: string[];
  retiredActivities: string[];
}

export class PackRefused extends Error {
  constructor(
    readonly code: 'PACK_INVALID' | 'PACK_OLDER' | 'COURSE_OLDER',
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

export class ContentImporter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly repository: ContentRepository,
    private readonly media: MediaStore,
    private readonly onChange: (courseIds: string[]) => Promise<void> | void = () => {},
  ) {}

  /** Validates and installs; throws PackRefused with every problem when it cannot. */
  importFiles(files: PackFiles, options: { force?: boolean } = {}): Promise<ImportReport> {
    const run = this.queue.then(() => this.importNow(files, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async importNow(files: PackFiles, options: { force?: boolean }): Promise<ImportReport> {
    const parsed = parsePack(files);
    if (!parsed.ok) {
      const count = parsed.problems.length;
      throw new PackRefused('PACK_INVALID', `The pack was not imported: ${count} problem${count === 1 ? '' : 's'} to fix. Nothing on the hub was changed.`, parsed.problems);
    }
    const pack = parsed.pack;
    const installed = await this.repository.getPack(pack.manifest.id);
    const order = installed ? compareVersions(pack.manifest.version, installed.version) : 1;
    if (installed && order < 0 && !options.force) {
      throw new PackRefused('PACK_OLDER', `This is version ${pack.manifest.version} of "${pack.manifest.title}", older than the installed ${installed.version}. Nothing was changed; import it with "force" to go back.`);
    }
    if (installed && order === 0 && !options.force) return this.report(pack, 'unchanged', installed.version, [], []);
    for (const course of pack.courses) {
      const existing = await this.repository.getCourse(course.meta.id);
      if (existing && compareVersions(course.meta.version, existing.version) < 0 && !options.force) {
        throw new PackRefused('COURSE_OLDER', `The course "${course.meta.title}" in this pack is version ${course.meta.version}, older than the installed ${existing.version}. Nothing was changed; import with "force" to go back.`);
      }
    }
    return this.install(pack, files, installed);
  }

  private async install(pack: ParsedPack, files: PackFiles, installed: PackDoc | null): Promise<ImportReport> {
    const now = new Date().toISOString();
    const docs: (PackDoc | CourseDoc | LessonDoc | MediaDoc)[] = [];
    const retiredLessons: string[] = [];
    const retiredActivities: string[] = [];

    const ids = [
      contentIds.pack(pack.manifest.id),
      ...pack.courses.map((c) => contentIds.course(c.meta.id)),
      ...(installed?.courseIds ?? []).map(contentIds.course),
      ...pack.courses.flatMap((c) => c.modules.flatMap((m) => m.lessons.map((l) => contentIds.lesson(l.id)))),
      ...pack.media.map((m) => contentIds.media(m.sha256)),
    ];
    const previous = await this.repository.getExisting([...new Set(ids)]);
    const rev = (id: string) => (previous.get(id)?._rev ? { _rev: previous.get(id)!._rev } : {});

    for (const media of pack.media) {
      const id = contentIds.media(media.sha256);
      if (!previous.has(id)) {
        docs.push({ _id: id, type: 'media', sha256: media.sha256, mime: media.mime, kind: media.kind, size: media.size, extension: extensionOf(media.path), createdAt: now });
      }
    }
    const mediaByPath = new Map(pack.media.map((m) => [m.path, m]));
    const newLessonIds = new Set<string>();
    for (const course of pack.courses) {
      const before = previous.get(contentIds.course(course.meta.id)) as CourseDoc | undefined;
      docs.push(this.courseDoc(course, pack, before, now, rev));
      for (const module of course.modules) {
        for (const lesson of module.lessons) {
          newLessonIds.add(lesson.id);
          const old = previous.get(contentIds.lesson(lesson.id)) as LessonDoc | undefined;
          const kept = new Set(lesson.activities.map((a) => a.id));
          const dropped: RetiredActivity[] = (old?.activities ?? [])
            .filter((a) => !kept.has(a.id))
            .map((a) => ({ id: a.id, kind: a.kind, prompt: a.prompt, retiredInVersion: course.meta.version }));
          retiredActivities.push(...dropped.map((a) => a.id));
          const media = Object.fromEntries(
            Object.entries(lesson.media).map(([ref, path]) => {
              const m = mediaByPath.get(path)!;
              return [ref, { sha256: m.sha256, mime: m.mime, kind: m.kind, path }];
            }),
          );
          docs.push({
            _id: contentIds.lesson(lesson.id),
            ...rev(contentIds.lesson(lesson.id)),
            type: 'lesson',
            lessonId: lesson.id,
            courseId: course.meta.id,
            moduleId: module.id,
            slug: lesson.file.replace(/^.*\/([^/]+)\.md$/, '$1'),
            title: lesson.title,
            ...(lesson.estimatedMinutes ? { estimatedMinutes: lesson.estimatedMinutes } : {}),
            ...(lesson.quiz ? { quiz: lesson.quiz } : {}),
            body: lesson.body,
            activities: lesson.activities,
            media,
            retiredActivities: [...(old?.retiredActivities ?? []).filter((a) => !kept.has(a.id)), ...dropped],
            createdAt: old?.createdAt ?? now,
            updatedAt: now,
          });
        }
      }
    }
    // Lessons and courses the new version no longer has stay, retired.
    const newCourseIds = new Set(pack.courses.map((c) => c.meta.id));
    const oldCourses = [...previous.values()].filter((d): d is CourseDoc => d.type === 'course');
    const oldLessonIds = oldCourses.flatMap((c) => c.modules.flatMap((m) => m.lessonIds)).filter((id) => !newLessonIds.has(id));
    for (const lesson of await this.repository.getLessons(oldLessonIds)) {
      if (!lesson.retired) {
        docs.push({ ...lesson, retired: true, updatedAt: now });
        retiredLessons.push(lesson.lessonId);
      }
    }
    for (const course of oldCourses) {
      if (!newCourseIds.has(course.courseId) && installed?.courseIds.includes(course.courseId) && !course.retired) {
        docs.push({ ...course, retired: true, updatedAt: now });
      }
    }
    docs.push({
      _id: contentIds.pack(pack.manifest.id),
      ...rev(contentIds.pack(pack.manifest.id)),
      type: 'pack',
      packId: pack.manifest.id,
      version: pack.manifest.version,
      title: pack.manifest.title,
      licence: pack.manifest.licence,
      ...(pack.manifest.description ? { description: pack.manifest.description } : {}),
      courseIds: [...new Set([...(installed?.courseIds ?? []), ...newCourseIds])],
      installedAt: now,
      createdAt: installed?.createdAt ?? now,
    });

    const written: MediaDoc[] = [];
    try {
      for (const media of pack.media) {
        if (await this.media.put(media.sha256, extensionOf(media.path), files.get(media.path)!)) {
          written.push({ sha256: media.sha256, extension: extensionOf(media.path) } as MediaDoc);
        }
      }
      await this.repository.writeAll(docs, previous);
    } catch (error) {
      await Promise.all(written.map((m) => this.media.remove(m.sha256, m.extension)));
      throw error;
    }
    await this.onChange([...newCourseIds]);
    return this.report(pack, installed ? 'updated' : 'installed', installed?.version ?? null, retiredLessons, retiredActivities);
  }

  private courseDoc(course: ParsedCourse, pack: ParsedPack, before: CourseDoc | undefined, now: string, rev: (id: string) => object): CourseDoc {
    const { meta } = course;
    return {
      _id: contentIds.course(meta.id),
      ...rev(contentIds.course(meta.id)),
      type: 'course',
      courseId: meta.id,
      packId: pack.manifest.id,
      folder: course.folder,
      title: meta.title,
      language: meta.language,
      level: meta.level,
      tags: meta.tags,
      estimatedMinutes: meta.estimatedMinutes,
      licence: meta.licence,
      authors: meta.authors,
      version: meta.version,
      audience: meta.audience ?? 'learner',
      ...(meta.translationOf ? { translationOf: meta.translationOf } : {}),
      description: course.description,
      modules: course.modules.map((m) => ({ id: m.id, title: m.title, lessonIds: m.lessons.map((l) => l.id) })),
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
  }

  private report(pack: ParsedPack, status: ImportReport['status'], previousVersion: string | null, retiredLessons: string[], retiredActivities: string[]): ImportReport {
    return {
      status,
      packId: pack.manifest.id,
      version: pack.manifest.version,
      previousVersion,
      courses: pack.courses.map((c) => {
        const lessons = c.modules.flatMap((m) => m.lessons);
        return { id: c.meta.id, title: c.meta.title, language: c.meta.language, lessons: lessons.length, activities: lessons.reduce((n, l) => n + l.activities.length, 0) };
      }),
      mediaFiles: pack.media.length,
      retiredLessons,
      retiredActivities,
    };
  }
}
