// Curriculum review routes (issue 9):
//   POST /api/courses/:id/submit                     submit the latest published version for review
//   GET  /api/courses/:id/review                     its review: status and comments, for the editor
//   GET  /api/reviews                                the reviews on this hub, waiting ones first (trainers)
//   GET  /api/reviews/:courseId                      a review with the submitted version's outline
//   GET  /api/reviews/:courseId/lessons/:lessonId    a lesson of the submitted version, as a learner gets it
//   POST /api/reviews/:courseId                      { decision: 'approve' | 'changes', comments }
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CourseReviewDoc, LibrarySubmissionDoc } from '../../sync/training-documents.ts';
import type { HubLibraryDecision } from '../../sync/library/decisions.ts';
import { Type } from 'typebox';
import { Errors } from '../errors.ts';
import { ErrorResponse } from '../schemas.ts';
import { LessonResponse } from '../content/schemas.ts';
import { PeopleRepository } from '../people/repository.ts';
import { displayNameOf } from '../auth/user.ts';
import { previewLesson } from '../authoring/preview.ts';
import type { AuthoringRepository } from '../authoring/repository.ts';
import { snapshotAsDrafts } from './library-pack.ts';
import type { ReviewService } from './service.ts';
import * as S from './schemas.ts';

const TAGS = ['reviews'];
const SUBMIT = { capability: 'courses.submit' } as const;
const REVIEW = { capability: 'courses.review' } as const;

const routes: FastifyPluginAsyncTypebox<{ service: ReviewService; authoring: AuthoringRepository; decisions: () => Promise<HubLibraryDecision[]> }> = async (app, { service, authoring, decisions }) => {
  const people = new PeopleRepository(app.store);
  const named = async (id: string) => {
    const person = await people.getPerson(id).catch(() => null);
    return { id, name: person ? displayNameOf(person) : id };
  };
  const view = async (review: CourseReviewDoc, submission?: LibrarySubmissionDoc | null): Promise<S.Review> => {
    const sub = submission === undefined ? (review.status === 'approved' ? await service.submission(review.courseId, review.version) : null) : submission;
    return {
      courseId: review.courseId, status: review.status, version: review.version, submittedBy: await named(review.authorId),
      rounds: await Promise.all(review.rounds.map(async (r) => ({ kind: r.kind, by: await named(r.by), at: r.at, version: r.version, comments: r.comments.map((c) => ({ lessonId: c.lessonId ?? null, text: c.text })) }))),
      submission: sub ? { id: sub._id, sha256: sub.sha256, size: sub.size, approvedAt: sub.approvedAt } : null,
      updatedAt: review.updatedAt,
    };
  };
  const isOwn = (review: CourseReviewDoc, personId: string) => review.authorId === personId || (review.authorIds ?? []).includes(personId);
  const reviewOf = async (courseId: string) => {
    const review = await service.review(courseId);
    if (!review) throw new Errors.NOT_FOUND(`no review of the course ${courseId} on this hub: it has not been submitted`);
    return review;
  };

  app.post('/api/courses/:id/submit', {
    config: SUBMIT,
    schema: {
      tags: TAGS, summary: "Submit a course authored on this hub for a trainer's review: its latest published version",
      description: 'Refused: a course not written on this hub (404 COURSE_NOT_LOCAL), never published (409 COURSE_NOT_PUBLISHED), or whose latest version is already under review, approved, or sent back for changes (409 ALREADY_SUBMITTED: publish a new version first).',
      params: S.CourseParams, body: Type.Optional(S.SubmitRequest), response: { 201: S.Review, 404: ErrorResponse, 409: ErrorResponse },
    },
  }, async (request, reply) => {
    const review = await service.submit(request.params.id, request.user!.id, request.body?.note);
    return reply.status(201).send(await view(review, null));
  });

  app.get('/api/courses/:id/review', {
    config: SUBMIT,
    schema: { tags: TAGS, summary: "A course's review for its editor: status, the trainer's comments per lesson, whether it can be submitted now", params: S.CourseParams, response: { 200: S.CourseReviewState, 404: ErrorResponse } },
  }, async (request) => {
    const draft = await authoring.getCourseDraft(request.params.id);
    if (!draft) throw new Errors.COURSE_NOT_LOCAL(request.params.id);
    const review = await service.review(request.params.id);
    const published = Math.max(draft.publishedVersion, ...(await authoring.listVersions(request.params.id)).map((v) => v.version));
    const decision = review?.status === 'approved' ? (await decisions()).find((d) => d.courseId === review.courseId && d.version === review.version) : undefined;
    return {
      review: review ? await view(review) : null, publishedVersion: published, canSubmit: published > 0 && (!review || published > review.version),
      library: decision ? { decision: decision.decision, reason: decision.reason ?? null, decidedAt: decision.decidedAt } : null,
    };
  });

  app.get('/api/reviews', {
    config: REVIEW,
    schema: { tags: TAGS, summary: 'The course reviews on this hub: waiting for a decision first, then the newest', response: { 200: S.ReviewList } },
  }, async (request) => {
    const reviews = (await service.listReviews()).sort((a, b) => Number(b.status === 'submitted') - Number(a.status === 'submitted') || b.updatedAt.localeCompare(a.updatedAt));
    return Promise.all(reviews.map(async (r) => {
      const draft = await authoring.getCourseDraft(r.courseId);
      const submitted = [...r.rounds].reverse().find((round) => round.kind === 'submitted');
      return {
        courseId: r.courseId, title: draft?.meta.title ?? r.courseId, language: draft?.meta.language ?? '', status: r.status, version: r.version,
        submittedBy: await named(r.authorId), submittedAt: submitted?.at ?? r.createdAt, updatedAt: r.updatedAt, ownCourse: isOwn(r, request.user!.id),
      };
    }));
  });

  app.get('/api/reviews/:courseId', {
    config: REVIEW,
    schema: { tags: TAGS, summary: 'A review with the outline of the version under review (read it lesson by lesson)', params: S.ReviewParams, response: { 200: S.ReviewDetail, 404: ErrorResponse } },
  }, async (request) => {
    const review = await reviewOf(request.params.courseId);
    const snapshot = await service.version(review);
    const titles = new Map(snapshot.lessons.map((l) => [l.lessonId, l.title]));
    return {
      review: await view(review), ownCourse: isOwn(review, request.user!.id),
      course: {
        title: snapshot.course.meta.title, language: snapshot.course.meta.language, description: snapshot.course.description,
        modules: snapshot.course.modules.map((m) => ({ id: m.id, title: m.title, lessons: m.lessonIds.map((id) => ({ id, title: titles.get(id) ?? id })) })),
      },
    };
  });

  app.get('/api/reviews/:courseId/lessons/:lessonId', {
    config: REVIEW,
    schema: {
      tags: TAGS, summary: 'A lesson of the version under review, as the player gets it (sanitised, no answers; nothing is recorded)', params: S.ReviewLessonParams,
      response: { 200: Type.Object({ ...LessonResponse.properties, skippedActivities: Type.Array(Type.String()) }), 404: ErrorResponse },
    },
  }, async (request) => {
    const review = await reviewOf(request.params.courseId);
    const { course, lessons } = snapshotAsDrafts(await service.version(review));
    const lesson = lessons.get(request.params.lessonId);
    if (!lesson) throw new Errors.NOT_FOUND(`lesson ${request.params.lessonId} in version ${review.version} of this course`);
    return previewLesson(lesson, course);
  });

  app.post('/api/reviews/:courseId', {
    config: REVIEW,
    schema: {
      tags: TAGS, summary: "A trainer's decision on a submitted course: request changes (with comments) or approve it for the shared library",
      description: "Trainers only, and never the course's author (403 OWN_COURSE). 'approve' writes a library-submission carrying the pack .zip; the hub's next sync takes it to central, which publishes it to every hub after checking the approval.",
      params: S.ReviewParams, body: S.DecisionRequest, response: { 200: S.Decided, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
    },
  }, async (request) => {
    const { review, submission } = await service.decide(request.params.courseId, request.user!.id, request.body.decision, request.body.comments);
    return { review: await view(review, submission) };
  });
};

export default routes;
