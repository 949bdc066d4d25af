// A draft course as the pack the hub's importer installs: pack.json with
// checksums, course.md and one file per lesson, and the media files copied
// from the media store. Publishing through the importer means learners,
// rendering, search, progress and export treat an authored course exactly
// like any other.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { PackFiles } from '../../content/pack/files.ts';
import { computeChecksums, MANIFEST_PATH } from '../../content/pack/checksums.ts';
import type { CourseDraftDoc, LessonDraftDoc } from '../../sync/authoring-documents.ts';
import type { MediaStore } from '../content/media-store.ts';
import { blocksToBody } from './lesson-blocks.ts';
import { courseFrontMatter, lessonFrontMatter, type DraftProblem } from './validate-draft.ts';

const encoder = new TextEncoder();
const markdownFile = (front: object, body: string) => encoder.encode(`---\n${stringify(front, { lineWidth: 0 })}---\n${body}`);

export const packIdFor = (courseId: string) => `local-${courseId}`.slice(0, 100);

export async function buildDraftPack(course: CourseDraftDoc, lessons: Map<string, LessonDraftDoc>, version: number, media: MediaStore): Promise<{ files: PackFiles; problems: DraftProblem[] }> {
  const files: PackFiles = new Map();
  const problems: DraftProblem[] = [];
  const folder = course.courseId;
  files.set(`courses/${folder}/course.md`, markdownFile(courseFrontMatter(course, version), `${course.description.trim()}\n`));
  const mediaOwners = new Map<string, string>(); // pack path → sha256
  for (const lessonId of course.modules.flatMap((m) => m.lessonIds)) {
    const lesson = lessons.get(lessonId)!;
    files.set(`courses/${folder}/lessons/${lesson.lessonId}.md`, markdownFile(lessonFrontMatter(lesson), blocksToBody(lesson.blocks)));
    for (const file of Object.values(lesson.media)) {
      const owner = mediaOwners.get(file.path);
      if (owner === file.sha256) continue;
      if (owner) {
        problems.push({ lessonId, lessonTitle: lesson.title, activityId: null, block: null, message: `Two different files are both called ${file.path}. Upload this lesson's file again so it gets its own name.` });
        continue;
      }
      mediaOwners.set(file.path, file.sha256);
      const extension = file.path.slice(file.path.lastIndexOf('.') + 1).toLowerCase();
      // The store names files by the extension they were first stored with.
      const stored = [extension, ...(extension === 'jpg' ? ['jpeg'] : extension === 'jpeg' ? ['jpg'] : [])];
      let bytes: Uint8Array | null = null;
      for (const ext of stored) bytes ??= await readFile(path.join(media.root, media.relativePath(file.sha256, ext))).then((b) => new Uint8Array(b), () => null);
      if (!bytes) problems.push({ lessonId, lessonTitle: lesson.title, activityId: null, block: null, message: `The file ${file.path} is missing from this hub's media store. Upload it again.` });
      else files.set(file.path, bytes);
    }
  }
  const manifest = {
    format: 1,
    id: packIdFor(course.courseId),
    version: `${version}.0.0`,
    title: course.meta.title,
    language: course.meta.language,
    licence: course.meta.licence,
    courses: [folder],
    files: computeChecksums(files),
  };
  files.set(MANIFEST_PATH, encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`));
  return { files, problems };
}
