// Builds a pack from installed courses, in the same format authors write, so an
// export imports cleanly on another hub and round-trips to the same documents:
// course.md and lesson files are regenerated from the documents (lesson bodies
// are kept verbatim), media files are copied from the hub's media store.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { PackFiles } from '../../content/pack/files.ts';
import { computeChecksums, MANIFEST_PATH } from '../../content/pack/checksums.ts';
import type { CourseDoc, LessonDoc } from '../../sync/content-documents.ts';
import type { ContentRepository } from './repository.ts';
import type { MediaStore } from './media-store.ts';

const encoder = new TextEncoder();

function frontMatter(data: object, body: string): Uint8Array {
  return encoder.encode(`---\n${stringify(data, { lineWidth: 0 })}---\n${body}`);
}

export interface PackMeta {
  id: string;
  version: string;
  title: string;
  licence: string;
  description?: string;
}

export async function exportCourses(repository: ContentRepository, media: MediaStore, courses: CourseDoc[], meta: PackMeta): Promise<PackFiles> {
  const files: PackFiles = new Map();
  for (const course of courses) {
    const lessons = new Map((await repository.getLessons(course.modules.flatMap((m) => m.lessonIds))).map((l) => [l.lessonId, l]));
    const courseFront = {
      id: course.courseId,
      title: course.title,
      language: course.language,
      level: course.level,
      tags: course.tags,
      estimatedMinutes: course.estimatedMinutes,
      licence: course.licence,
      authors: course.authors,
      version: course.version,
      audience: course.audience,
      ...(course.translationOf ? { translationOf: course.translationOf } : {}),
      modules: course.modules.map((m) => ({ id: m.id, title: m.title, lessons: m.lessonIds.map((id) => lessons.get(id)?.slug ?? id) })),
    };
    files.set(`courses/${course.folder}/course.md`, frontMatter(courseFront, course.description ? `${course.description}\n` : ''));
    for (const lesson of lessons.values()) {
      await addLesson(files, media, course, lesson);
    }
  }
  const manifest = {
    format: 1,
    id: meta.id,
    version: meta.version,
    title: meta.title,
    licence: meta.licence,
    ...(meta.description ? { description: meta.description } : {}),
    courses: courses.map((c) => c.folder),
    files: computeChecksums(files),
  };
  files.set(MANIFEST_PATH, encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`));
  return files;
}

async function addLesson(files: PackFiles, media: MediaStore, course: CourseDoc, lesson: LessonDoc): Promise<void> {
  const front = {
    id: lesson.lessonId,
    title: lesson.title,
    ...(lesson.estimatedMinutes ? { estimatedMinutes: lesson.estimatedMinutes } : {}),
    ...(lesson.quiz ? { quiz: lesson.quiz } : {}),
  };
  files.set(`courses/${course.folder}/lessons/${lesson.slug}.md`, frontMatter(front, lesson.body));
  for (const item of Object.values(lesson.media)) {
    if (files.has(item.path)) continue;
    const extension = item.path.slice(item.path.lastIndexOf('.') + 1).toLowerCase();
    files.set(item.path, new Uint8Array(await readFile(path.join(media.root, media.relativePath(item.sha256, extension)))));
  }
}
