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
