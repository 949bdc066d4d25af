// The authoring API as the editor pages use it. Saves answer either the saved
// draft or a conflict (someone saved since we read it: who and when, and the
// revision to save over if the author keeps theirs); publish answers either the
// new version or the list of problems. Uploads go through XMLHttpRequest, which
// (unlike fetch) reports upload progress for the bar.
import { api, ApiError } from '../../lib/api.ts';
import type { Lesson } from '../../lib/content-api.ts';

export interface Editor { id: string; name: string }

export interface CourseMeta {
  title: string;
  language: string;
  level: 'beginner' | 'intermediate' | 'advanced';
  tags: string[];
  estimatedMinutes: number;
  licence: string;
  authors: string[];
  audience?: 'learner' | 'teacher';
  translationOf?: string;
}

export interface DraftModule { id?: string; title: string; lessonIds: string[] }

export interface CourseDraft {
  id: string;
  rev: string;
  meta: CourseMeta;
  description: string;
  modules: DraftModule[];
  lessons: { id: string; title: string; rev: string; updatedAt: string; updatedBy: Editor; blockCount: number }[];
  publishedVersion: number;
  copiedFrom: string | null;
  updatedAt: string;
  updatedBy: Editor;
}

export interface DraftSummary { id: string; title: string; language: string; publishedVersion: number; lessonCount: number; translationOf: string | null; updatedAt: string; updatedBy: Editor }

export type DraftActivity = Record<string, unknown> & { id: string; kind: string };
export type Block = { type: 'text'; markdown: string } | { type: 'activity'; activity: DraftActivity };

export interface LessonDraft {
  id: string;
  courseId: string;
  rev: string;
  title: string;
  estimatedMinutes: number | null;
  quiz: { timeLimitMinutes?: number; passScore?: number } | null;
  blocks: Block[];
  media: Record<string, { url: string; kind: string }>;
  updatedAt: string;
  updatedBy: Editor;
}

export interface Conflict { code: 'EDIT_CONFLICT'; message: string; changedBy: Editor; changedAt: string; currentRev: string }
export interface Problem { lessonId: string | null; lessonTitle: string | null; activityId: string | null; block: number | null; message: string }
export interface Version { version: number; publishedAt: string; publishedBy: Editor; title: string; lessonCount: number }
export interface Published { courseId: string; version: number; lessons: number; activities: number }
export interface PreviewLesson extends Lesson { skippedActivities: string[]; quiz: unknown }

export type SaveOutcome<T> = { ok: true; value: T } | { ok: false; conflict: Conflict };
export type PublishOutcome = { ok: true; value: Published } | { ok: false; message: string; problems: Problem[] };

const json = (method: string, body?: unknown): RequestInit => ({ method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const course = (id: string) => `/api/courses/${encodeURIComponent(id)}`;

/** A 409 EDIT_CONFLICT comes back as a value; other failures throw ApiError. */
async function save<T>(path: string, body: unknown): Promise<SaveOutcome<T>> {
  const response = await rawJson(path, 'PUT', body);
  if (response.status === 409 && response.body?.code === 'EDIT_CONFLICT') return { ok: false, conflict: response.body as unknown as Conflict };
  if (response.status >= 400) throw new ApiError(response.status, String(response.body?.code ?? 'INTERNAL_ERROR'), String(response.body?.message ?? ''));
  return { ok: true, value: response.body as T };
}

async function rawJson(path: string, method: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const { csrfToken } = await api<{ csrfToken: string }>('/api/session/csrf');
  let response: Response;
  try {
    response = await fetch(path, { method, headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(body ?? {}) });
  } catch {
    throw new ApiError(0, 'HUB_UNREACHABLE', 'The hub did not answer.');
  }
  return { status: response.status, body: await response.json().catch(() => null) };
}

export const listDrafts = () => api<DraftSummary[]>('/api/courses/drafts');
export const createCourse = (input: { title: string; language: string }) => api<CourseDraft>('/api/courses', json('POST', input));
export const getCourseDraft = (id: string) => api<CourseDraft>(`${course(id)}/draft`);
export const saveCourseDraft = (id: string, body: { rev: string; meta: CourseMeta; description: string; modules: DraftModule[] }) => save<CourseDraft>(`${course(id)}/draft`, body);
export const addLesson = (id: string, moduleId: string, title: string) => api<LessonDraft>(`${course(id)}/draft/lessons`, json('POST', { moduleId, title }));
export const getLessonDraft = (id: string, lessonId: string) => api<LessonDraft>(`${course(id)}/draft/lessons/${encodeURIComponent(lessonId)}`);
export const saveLessonDraft = (id: string, lessonId: string, body: { rev: string; title: string; estimatedMinutes?: number; quiz?: LessonDraft['quiz']; blocks: Block[] }) =>
  save<LessonDraft>(`${course(id)}/draft/lessons/${encodeURIComponent(lessonId)}`, body);
export const previewLesson = (id: string, lessonId: string) => api<PreviewLesson>(`${course(id)}/draft/lessons/${encodeURIComponent(lessonId)}/preview`);
export const checkDraftActivity = (id: string, lessonId: string, activityId: string, response: unknown) =>
  api<import('../../learn/player/learn-api.ts').CheckResult>(`${course(id)}/draft/lessons/${encodeURIComponent(lessonId)}/activities/${encodeURIComponent(activityId)}/check`, json('POST', { response }));
export const renderMarkdown = (id: string, markdown: string) => api<{ html: string }>(`${course(id)}/draft/render`, json('POST', { markdown }));
export const listVersions = (id: string) => api<Version[]>(`${course(id)}/versions`);
export const restoreVersion = (id: string, version: number) => api<CourseDraft>(`${course(id)}/versions/${version}/restore`, json('POST', {}));
export const duplicateCourse = (id: string, title?: string) => api<CourseDraft>(`${course(id)}/duplicate`, json('POST', title ? { title } : {}));
export const translateCourse = (id: string, language: string, title?: string) => api<CourseDraft>(`${course(id)}/translate`, json('POST', { language, ...(title ? { title } : {}) }));

export async function publishCourse(id: string): Promise<PublishOutcome> {
  const response = await rawJson(`${course(id)}/publish`, 'POST');
  if (response.status === 201) return { ok: true, value: response.body as unknown as Published };
  if (response.status === 422) return { ok: false, message: String(response.body?.message ?? ''), problems: (response.body?.problems as Problem[]) ?? [] };
  throw new ApiError(response.status, String(response.body?.code ?? 'INTERNAL_ERROR'), String(response.body?.message ?? ''));
}

export interface UploadedMedia { ref: string; url: string; kind: string }

/** Uploads an image, sound or video with progress; resolves with its Markdown reference or rejects with an ApiError. */
export async function uploadMedia(file: File, onProgress: (percent: number) => void): Promise<UploadedMedia> {
  const { csrfToken } = await api<{ csrfToken: string }>('/api/session/csrf');
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/courses/media');
    request.setRequestHeader('x-csrf-token', csrfToken);
    request.setRequestHeader('accept', 'application/json');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(request.responseText) as Record<string, unknown>;
      } catch {
        // A proxy or crash page: reported as an internal error.
      }
      if (request.status === 201) resolve(body as unknown as UploadedMedia);
      else reject(new ApiError(request.status, String(body.code ?? 'INTERNAL_ERROR'), String(body.message ?? request.statusText)));
    };
    request.onerror = () => reject(new ApiError(0, 'HUB_UNREACHABLE', 'The hub did not answer.'));
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}
