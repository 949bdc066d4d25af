// The pack .zip a library submission carries: the approved course-version
// snapshot built by the same code that publishes it on this hub
// (authoring/build-pack.ts), renamed to the library's pack id
// (sync/library/reviewed-packs.ts) so it never clashes with `local-<courseId>`.
import { createHash } from 'node:crypto';
import { MANIFEST_PATH } from '../../content/pack/checksums.ts';
import { writePackZip } from '../../content/pack/write-zip.ts';
import type { CourseDraftDoc, CourseVersionDoc, LessonDraftDoc } from '../../sync/authoring-documents.ts';
import { reviewedPackDescription, reviewedPackId } from '../../sync/library/reviewed-packs.ts';
import type { MediaStore } from '../content/media-store.ts';
import { buildDraftPack } from '../authoring/build-pack.ts';

/** The snapshot as the draft shapes the authoring code reads (ids and texts only). */
export function snapshotAsDrafts(snapshot: CourseVersionDoc): { course: CourseDraftDoc; lessons: Map<string, LessonDraftDoc> } {
  const editor = snapshot.publishedBy;
  const at = snapshot.publishedAt;
  const course: CourseDraftDoc = {
    _id: '', type: 'course-draft', courseId: snapshot.courseId, ...snapshot.course, publishedVersion: snapshot.version, createdAt: at, updatedAt: at, updatedBy: editor,
  };
  const lessons = new Map(snapshot.lessons.map((l) => [l.lessonId, { ...l, _id: '', type: 'lesson-draft' as const, createdAt: at, updatedAt: at, updatedBy: editor }]));
  return { course, lessons };
}

export class LibraryPackProblem extends Error {}

export async function buildLibraryZip(snapshot: CourseVersionDoc, hubId: string, approvedAt: string, media: MediaStore): Promise<{ zip: Uint8Array; sha256: string; size: number }> {
  const { course, lessons } = snapshotAsDrafts(snapshot);
  const { files, problems } = await buildDraftPack(course, lessons, snapshot.version, media);
  if (problems.length) throw new LibraryPackProblem(problems.map((p) => p.message).join(' '));
  const manifest = JSON.parse(new TextDecoder().decode(files.get(MANIFEST_PATH)!)) as Record<string, unknown>;
  manifest.id = reviewedPackId(snapshot.courseId);
  manifest.description = reviewedPackDescription({ approvedAt, courseId: snapshot.courseId, version: snapshot.version, hubId });
  files.set(MANIFEST_PATH, new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
  const zip = await writePackZip(files);
  return { zip, sha256: createHash('sha256').update(zip).digest('hex'), size: zip.length };
}
