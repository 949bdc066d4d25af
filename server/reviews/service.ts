// Curriculum review on the hub (issue 9). Operations:
//   submit(courseId, by)          the course's latest published version goes to review
//   decide(courseId, reviewer, d) a trainer's decision: 'changes' (with comments) or 'approve'
//   review / list / version       what the editor, the trainer's list and review page show
// Rules: only a course authored on this hub (it has a draft here) and published
// at least once; one review per version (submitting the version under review,
// or the approved one, again is refused); whoever wrote the version (submitted
// it, published it, last saved the course or one of its lessons) never reviews
// it, whatever their roles. Approving writes a `library-submission` carrying the
// pack .zip: the hub's next push takes it to central, whose publisher checks the
// approval again before anything reaches the shared library.
import type { CourseReviewDoc, LibrarySubmissionDoc, ReviewComment, ReviewRound } from '../../sync/training-documents.ts';
import type { CourseVersionDoc } from '../../sync/authoring-documents.ts';
import type { AuthoringRepository } from '../authoring/repository.ts';
import type { MediaStore } from '../content/media-store.ts';
import { Errors } from '../errors.ts';
import { isConflict } from '../store/repository.ts';
import { buildLibraryZip, LibraryPackProblem } from './library-pack.ts';
import { SUBMISSION_PART_BYTES, submissionPartDocs } from '../../sync/library/reviewed-packs.ts';
import { reviewIds, type ReviewRepository } from './repository.ts';

export type CommentsInput = string | (string | { lessonId?: string; text: string })[] | undefined;

/** `comments` is a string (about the whole course) or a list of `{ lessonId?, text }`. */
export function normaliseComments(comments: CommentsInput): ReviewComment[] {
  if (comments === undefined) return [];
  if (typeof comments === 'string') return comments.trim() ? [{ text: comments.trim() }] : [];
  return comments.flatMap((c) => (typeof c === 'string' ? normaliseComments(c) : c.text.trim() ? [{ ...(c.lessonId ? { lessonId: c.lessonId } : {}), text: c.text.trim() }] : []));
}

export class ReviewService {
  constructor(
    private readonly reviews: ReviewRepository,
    private readonly authoring: AuthoringRepository,
    private readonly media: MediaStore,
    private readonly hubId: string,
  ) {}

  review = (courseId: string) => this.reviews.getReview(courseId);
  listReviews = () => this.reviews.listReviews();
  submission = (courseId: string, version: number) => this.reviews.getSubmission(courseId, version);

  /** The version under review (or last reviewed). */
  async version(review: CourseReviewDoc): Promise<CourseVersionDoc> {
    const snapshot = await this.authoring.getVersion(review.courseId, review.version);
    if (!snapshot) throw new Errors.NOT_FOUND(`version ${review.version} of course ${review.courseId}`);
    return snapshot;
  }

  async submit(courseId: string, by: string, note?: string): Promise<CourseReviewDoc> {
    const draft = await this.authoring.getCourseDraft(courseId);
    if (!draft) throw new Errors.COURSE_NOT_LOCAL(courseId);
    const versions = await this.authoring.listVersions(courseId);
    const latest = versions.reduce<CourseVersionDoc | null>((a, v) => (!a || v.version > a.version ? v : a), null);
    if (!latest) throw new Errors.COURSE_NOT_PUBLISHED(courseId);
    const current = await this.reviews.getReview(courseId);
    if (current && current.version === latest.version) {
      if (current.status === 'submitted') throw new Errors.ALREADY_SUBMITTED(`Version ${latest.version} of this course is already waiting for a trainer's review.`);
      if (current.status === 'approved') throw new Errors.ALREADY_SUBMITTED(`Version ${latest.version} of this course is already approved for the shared library. Publish a new version to submit changes.`);
      throw new Errors.ALREADY_SUBMITTED(`The trainer asked for changes to version ${latest.version}. Make them, publish the course again, then submit the new version.`);
    }
    if (current && current.status === 'submitted' && current.version > latest.version) {
      throw new Errors.ALREADY_SUBMITTED(`Version ${current.version} of this course is already waiting for a trainer's review.`);
    }
    const lessons = await this.authoring.getLessonDrafts(draft.modules.flatMap((m) => m.lessonIds));
    const authorIds = [...new Set([by, latest.publishedBy.id, draft.updatedBy.id, ...lessons.map((l) => l.updatedBy.id)])];
    const now = new Date().toISOString();
    const round: ReviewRound = { kind: 'submitted', by, at: now, version: latest.version, comments: note?.trim() ? [{ text: note.trim() }] : [] };
    const doc: CourseReviewDoc = current
      ? { ...current, authorId: by, authorIds, status: 'submitted', version: latest.version, rounds: [...current.rounds, round], updatedAt: now }
      : { _id: reviewIds.review(this.hubId, courseId), type: 'course-review', courseId, authorId: by, authorIds, status: 'submitted', version: latest.version, rounds: [round], createdAt: now, updatedAt: now };
    return this.write(doc);
  }

  /** A trainer's decision on the version under review. The caller checked the trainer role. */
  async decide(courseId: string, reviewer: string, decision: 'approve' | 'changes', input: CommentsInput): Promise<{ review: CourseReviewDoc; submission: LibrarySubmissionDoc | null }> {
    const review = await this.reviews.getReview(courseId);
    if (!review) throw new Errors.NOT_UNDER_REVIEW(`The course ${courseId} has not been submitted for review.`);
    const isAuthor = reviewer === review.authorId || (review.authorIds ?? []).includes(reviewer);
    if (review.status === 'approved' && decision === 'approve' && !isAuthor && !(await this.reviews.getSubmission(courseId, review.version))) {
      // Approved, but the hub stopped before the submission was written: approving again writes it.
      const round = [...review.rounds].reverse().find((r) => r.kind === 'approve' && r.version === review.version)!;
      return { review, submission: await this.writeSubmission(review, await this.version(review), round.by, round.at) };
    }
    if (review.status !== 'submitted') {
      throw new Errors.NOT_UNDER_REVIEW(`Version ${review.version} of this course was already ${review.status === 'approved' ? 'approved' : 'sent back for changes'}; it is not waiting for a review.`);
    }
    if (isAuthor) throw new Errors.OWN_COURSE();
    const snapshot = await this.version(review);
    const comments = normaliseComments(input);
    const lessonIds = new Set(snapshot.lessons.map((l) => l.lessonId));
    const unknown = comments.filter((c) => c.lessonId && !lessonIds.has(c.lessonId)).map((c) => c.lessonId);
    if (unknown.length) throw new Errors.VALIDATION_FAILED(`version ${review.version} of this course has no lesson ${unknown.join(', ')}.`);
    if (decision === 'changes' && comments.length === 0) throw new Errors.VALIDATION_FAILED('say what to change: requesting changes needs at least one comment.');
    const now = new Date().toISOString();
    const decided: CourseReviewDoc = {
      ...review, status: decision === 'approve' ? 'approved' : 'changes-requested', updatedAt: now,
      rounds: [...review.rounds, { kind: decision, by: reviewer, at: now, version: review.version, comments }],
    };
    if (decision === 'changes') return { review: await this.write(decided), submission: null };
    // The pack is built before anything is written (a missing media file refuses
    // the approval, 422); the review's revision decides between two trainers
    // approving at once; then the submission.
    const built = await this.buildZip(snapshot, now);
    const written = await this.write(decided);
    return { review: written, submission: await this.writeSubmission(written, snapshot, reviewer, now, built) };
  }

  private async buildZip(snapshot: CourseVersionDoc, approvedAt: string) {
    try {
      return await buildLibraryZip(snapshot, this.hubId, approvedAt, this.media);
    } catch (error) {
      if (error instanceof LibraryPackProblem) throw new Errors.COURSE_INVALID(`its pack for the library cannot be built: ${error.message}`);
      throw error;
    }
  }

  /** The pack's parts first, then the submission that lists them: central never
   * sees a submission whose parts were not sent before it. */
  private async writeSubmission(review: CourseReviewDoc, snapshot: CourseVersionDoc, approvedBy: string, approvedAt: string, built?: Awaited<ReturnType<typeof buildLibraryZip>>): Promise<LibrarySubmissionDoc> {
    const zip = built ?? (await this.buildZip(snapshot, approvedAt));
    const id = reviewIds.submission(this.hubId, review.courseId, review.version);
    const parts = submissionPartDocs(id, zip.zip, approvedAt);
    await this.reviews.putParts(parts);
    const existing = await this.reviews.getSubmission(review.courseId, review.version);
    return this.reviews.putSubmission({
      _id: id, ...(existing ? { _rev: existing._rev } : {}), type: 'library-submission',
      courseId: review.courseId, version: review.version, reviewId: review._id, authorId: review.authorId, authorIds: review.authorIds ?? [review.authorId],
      approvedBy, approvedAt, sha256: zip.sha256, size: zip.size, parts: parts.map((p) => p.sha256), partBytes: SUBMISSION_PART_BYTES, createdAt: existing?.createdAt ?? approvedAt,
    });
  }

  private async write(doc: CourseReviewDoc): Promise<CourseReviewDoc> {
    try {
      return await this.reviews.putReview(doc);
    } catch (error) {
      if (isConflict(error)) throw new Errors.REVIEW_CONFLICT();
      throw error;
    }
  }
}
