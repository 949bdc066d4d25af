// The curriculum review and shared library API as the pages use it
// (server/reviews/routes.ts, server/library/routes.ts).
import { api } from '../../lib/api.ts';
import type { Lesson } from '../../lib/content-api.ts';

export interface Person { id: string; name: string }
export interface ReviewComment { lessonId: string | null; text: string }
export interface ReviewRound { kind: 'submitted' | 'approve' | 'changes'; by: Person; at: string; version: number; comments: ReviewComment[] }
export type ReviewStatus = 'submitted' | 'changes-requested' | 'approved';

export interface Review {
  courseId: string;
  status: ReviewStatus;
  version: number;
  submittedBy: Person;
  rounds: ReviewRound[];
  submission: { id: string; sha256: string; size: number; approvedAt: string } | null;
  updatedAt: string;
}

export interface CourseReviewState {
  review: Review | null;
  canSubmit: boolean;
  publishedVersion: number;
  /** Central's decision on the approved version, once a sync brought it. */
  library: { decision: 'published' | 'refused'; reason: string | null; decidedAt: string } | null;
}

export interface ReviewSummary {
  courseId: string; title: string; language: string; status: ReviewStatus; version: number;
  submittedBy: Person; submittedAt: string; updatedAt: string; ownCourse: boolean;
}

export interface ReviewDetail {
  review: Review;
  ownCourse: boolean;
  course: { title: string; language: string; description: string; modules: { id: string; title: string; lessons: { id: string; title: string }[] }[] };
}

export interface LibraryCourse {
  courseId: string; packId: string; title: string; language: string; level: string; audience: string; description: string; authors: string[];
  version: string; lessonCount: number; estimatedMinutes: number; originHubId: string | null; approvedAt: string | null; installedAt: string;
}

export type CommentInput = { lessonId?: string; text: string };

const id = encodeURIComponent;
export const courseReview = (courseId: string) => api<CourseReviewState>(`/api/courses/${id(courseId)}/review`);
export const submitCourse = (courseId: string, note?: string) =>
  api<Review>(`/api/courses/${id(courseId)}/submit`, { method: 'POST', body: JSON.stringify(note ? { note } : {}) });
export const listReviews = () => api<ReviewSummary[]>('/api/reviews');
export const getReview = (courseId: string) => api<ReviewDetail>(`/api/reviews/${id(courseId)}`);
export const reviewLesson = (courseId: string, lessonId: string) => api<Lesson & { skippedActivities: string[] }>(`/api/reviews/${id(courseId)}/lessons/${id(lessonId)}`);
export const decide = (courseId: string, decision: 'approve' | 'changes', comments: CommentInput[]) =>
  api<{ review: Review }>(`/api/reviews/${id(courseId)}`, { method: 'POST', body: JSON.stringify({ decision, comments }) });
export const listLibrary = () => api<LibraryCourse[]>('/api/library');
