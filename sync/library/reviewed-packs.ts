// Naming rules for courses that reach the shared library through review
// (issue 9), shared by the hub that builds the pack and central's publisher
// that checks it:
// - The pack is `library-<courseId>`, version `<n>.0.0` for the course's
//   published version n, holding that one course with its own ids (authored
//   ids start with the authoring hub's id, so no other hub's course collides).
// - The authoring hub has the same course installed as its local pack
//   `local-<courseId>`; it never installs the library copy (server/sync/library.ts
//   skips a library pack whose course this hub has from its `local-` pack).
// - The manifest's description says when it was approved and on which hub, in
//   a fixed English sentence a hub reads back for its library page.
// - The .zip travels hub → central in `library-submission-part` documents.
import { createHash } from 'node:crypto';
import type { LibrarySubmissionPartDoc } from '../training-documents.ts';

export const reviewedPackId = (courseId: string) => `library-${courseId}`.slice(0, 100);
export const reviewedPackVersion = (version: number) => `${version}.0.0`;

export interface ReviewedOrigin {
  approvedAt: string;
  courseId: string;
  version: number;
  hubId: string;
}

export function reviewedPackDescription(origin: ReviewedOrigin): string {
  return `Approved for the shared library on ${origin.approvedAt} (course ${origin.courseId}, version ${origin.version}, from hub ${origin.hubId}).`;
}

const DESCRIPTION = /^Approved for the shared library on (\S+) \(course (\S+), version (\d+), from hub ([a-z0-9-]+)\)\.$/;

export function parseReviewedDescription(description: string | undefined): ReviewedOrigin | null {
  const match = DESCRIPTION.exec(description ?? '');
  if (!match) return null;
  return { approvedAt: match[1]!, courseId: match[2]!, version: Number(match[3]), hubId: match[4]! };
}

/** A submission's pack .zip travels hub → central in parts of this size, one
 * document each (`library-submission-part`), so every request of the push
 * finishes within its deadline on a slow link, whatever the course weighs. */
export const SUBMISSION_PART_BYTES = 256 * 1024;

export function submissionPartId(submissionId: string, index: number): string {
  return `${submissionId.replace(/^library-submission:/, 'library-submission-part:')}.${String(index).padStart(5, '0')}`;
}

/** The zip cut into parts, each with its SHA-256 (hex). */
export function cutIntoParts(zip: Uint8Array, partBytes = SUBMISSION_PART_BYTES): { bytes: Uint8Array; sha256: string }[] {
  const count = Math.max(1, Math.ceil(zip.length / partBytes));
  return Array.from({ length: count }, (_, index) => {
    const bytes = zip.subarray(index * partBytes, (index + 1) * partBytes);
    return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
}

/** The part documents of a submission (without revisions), ready to write. */
export function submissionPartDocs(submissionId: string, zip: Uint8Array, createdAt: string, partBytes = SUBMISSION_PART_BYTES): LibrarySubmissionPartDoc[] {
  return cutIntoParts(zip, partBytes).map((part, index) => ({
    _id: submissionPartId(submissionId, index), type: 'library-submission-part', submissionId, index, sha256: part.sha256, createdAt,
    _attachments: { data: { content_type: 'application/octet-stream', data: Buffer.from(part.bytes).toString('base64') } },
  }));
}
