// The authoring API, under /api/courses beside the catalogue (which shows only
// published courses). Every route needs `content.author`; updates carry the
// revision read and a stale one is answered 409 EDIT_CONFLICT with who changed
// it and when.
//   GET  /api/courses/drafts                                 this hub's drafts
//   POST /api/courses                                        create a draft course
//   GET  /api/courses/:id/draft                              the draft with its lessons
//   PUT  /api/courses/:id/draft                              metadata and structure (with rev)
//   POST /api/courses/:id/draft/lessons                      add a lesson to a module
//   GET  /api/courses/:id/draft/lessons/:lessonId            a lesson draft
//   PUT  /api/courses/:id/draft/lessons/:lessonId            text and activities (with rev)
//   GET  /api/courses/:id/draft/lessons/:lessonId/preview    the lesson as a learner will get it
//   POST /api/courses/:id/draft/lessons/:lessonId/activities/:activityId/check   try an answer
//   POST /api/courses/:id/draft/render                       Markdown → sanitised HTML (live preview)
//   POST /api/courses/:id/publish                            validate and install as the next version
//   GET  /api/courses/:id/versions                           published versions
//   POST /api/courses/:id/versions/:version/restore          make a version the draft again
//   POST /api/courses/:id/duplicate                          copy any course into a new draft
//   POST /api/courses/:id/translate                          a linked copy in another language
//   POST /api/courses/media                                  upload an image, audio or video file
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { formatBytes } from '../../content/pack/files.ts';
import { findMediaReferences } from '../../content/pack/markdown-source.ts';
import { validateActivity } from '../../content/pack/validate-activity.ts';
import type { CourseDraftDoc, Editor, LessonDraftDoc } from '../../sync/authoring-documents.ts';
import { Errors } from '../errors.ts';
import { ErrorResponse } from '../schemas.ts';
import { LessonResponse } from '../content/schemas.ts';
import { mediaUrl, renderMarkdown } from '../content/render-markdown.ts';
import { CheckResult } from '../learning/schemas.ts';
import { checkAnswer } from '../learning/check-service.ts';
import { Type } from 'typebox';
import { CourseInvalid, EditConflict, type AuthoringService } from './service.ts';
import { resolveMedia, storeUpload } from './media-upload.ts';
import { draftLessonDoc, previewLesson } from './preview.ts';
import * as S from './schemas.ts';
import { PeopleRepository } from '../people/repository.ts';
import { displayNameOf } from '../auth/user.ts';

const AUTHOR = { capability: 'content.author' } as const;
const TAGS = ['authoring'];

// Drafts travel to central, so they keep the editor's id only (names stay on the
// hub: README, "Privacy"); the name is looked up here each time it is shown.
const editorOf = (request: FastifyRequest): Editor => ({ id: request.user!.id });

const routes: FastifyPluginAsyncTypebox<{ service: AuthoringService; maxMediaBytes: number }> = async (app, { service, maxMediaBytes }) => {
  const content = app.content;
  await app.register(multipart, { limits: { fileSize: maxMediaBytes, files: 1, fields: 2, parts: 3 } });

  const people = new PeopleRepository(app.store);
  const named = async (editor: Editor): Promise<{ id: string; name: string }> => {
    const person = await people.getPerson(editor.id).catch(() => null);
    return { id: editor.id, name: person ? displayNameOf(person) : (editor.name ?? editor.id) };
  };

  const courseView = async (draft: CourseDraftDoc): Promise<S.CourseDraft> => {
    const lessons = [...(await service.lessonsOf(draft)), ...(await service.unlistedLessons(draft))];
    return {
      id: draft.courseId, rev: draft._rev!, meta: draft.meta, description: draft.description, modules: draft.modules,
      lessons: await Promise.all(lessons.map(async (l) => ({ id: l.lessonId, title: l.title, rev: l._rev!, updatedAt: l.updatedAt, updatedBy: await named(l.updatedBy), blockCount: l.blocks.length }))),
      publishedVersion: draft.publishedVersion, copiedFrom: draft.copiedFrom ?? null, updatedAt: draft.updatedAt, updatedBy: await named(draft.updatedBy),
    };
  };
  const lessonView = async (lesson: LessonDraftDoc) => ({
    id: lesson.lessonId, courseId: lesson.courseId, rev: lesson._rev!, title: lesson.title, estimatedMinutes: lesson.estimatedMinutes ?? null, quiz: lesson.quiz ?? null,
    blocks: lesson.blocks, media: Object.fromEntries(Object.entries(lesson.media).map(([ref, m]) => [ref, { ...m, url: mediaUrl(m) }])),
    updatedAt: lesson.updatedAt, updatedBy: await named(lesson.updatedBy),
  });
  const conflictReply = async (error: EditConflict) => {
    const changedBy = await named(error.latest.updatedBy);
    const when = error.latest.updatedAt.slice(0, 16).replace('T', ' ');
    return {
      code: 'EDIT_CONFLICT' as const,
      message: `This ${error.what} was changed by ${changedBy.name} at ${when} UTC since you opened it — reload or keep yours.`,
      changedBy, changedAt: error.latest.updatedAt, currentRev: error.latest._rev!,
    };
  };

  app.get('/api/courses/drafts', {
    config: AUTHOR,
    schema: { tags: TAGS, summary: "This hub's draft courses (published or not); learners never see drafts", response: { 200: S.DraftSummaryList } },
  }, async () => Promise.all((await service.listDrafts()).map(async (d) => ({
    id: d.courseId, title: d.meta.title, language: d.meta.language, publishedVersion: d.publishedVersion, lessonCount: d.modules.reduce((n, m) => n + m.lessonIds.length, 0),
    translationOf: d.meta.translationOf ?? null, updatedAt: d.updatedAt, updatedBy: await named(d.updatedBy),
  }))));

  app.post('/api/courses', {
    config: AUTHOR,
    schema: { tags: TAGS, summary: 'Create a draft course (one empty module); publish it to show it to learners', body: S.NewCourse, response: { 201: S.CourseDraft, 400: ErrorResponse } },
  }, async (request, reply) => {
    const { title, language, level, licence, estimatedMinutes, audience, moduleTitle } = request.body;
    const user = editorOf(request);
    const draft = await service.createCourse({
      title, language, level: level ?? 'beginner', tags: [], estimatedMinutes: estimatedMinutes ?? 60, licence: licence ?? 'CC-BY-SA-4.0', authors: [request.user!.displayName], audience: audience ?? 'learner',
    }, user, moduleTitle ?? 'Module 1');
    return reply.status(201).send(await courseView(draft));
  });

  app.get('/api/courses/:id/draft', {
    config: AUTHOR,
    schema: { tags: TAGS, summary: 'A draft course with its modules and lessons, and the revision to send back with an update', params: S.CourseParams, response: { 200: S.CourseDraft, 404: ErrorResponse } },
  }, async (request) => courseView(await service.getCourse(request.params.id)));

  app.put('/api/courses/:id/draft', {
    config: AUTHOR,
    schema: {
      tags: TAGS, summary: 'Save the course details and the order of modules and lessons, with the revision read', params: S.CourseParams, body: S.CourseUpdate,
      response: { 200: S.CourseDraft, 400: ErrorResponse, 404: ErrorResponse, 409: S.Conflict },
    },
  }, async (request, reply) => {
    const { rev, ...input } = request.body;
    try {
      return await courseView(await service.saveCourse(request.params.id, rev, input, editorOf(request)));
    } catch (error) {
      if (error instanceof EditConflict) return reply.status(409).send(await conflictReply(error));
      throw error;
    }
  });

  app.post('/api/courses/:id/draft/lessons', {
    config: AUTHOR,
    schema: { tags: TAGS, summary: 'Add an empty lesson at the end of a module', params: S.CourseParams, body: S.NewLesson, response: { 201: S.LessonDraft, 404: ErrorResponse } },
  }, async (request, reply) => {
    const lesson = await service.addLesson(request.params.id, request.body.moduleId, request.body.title, editorOf(request));
    return reply.status(201).send(await lessonView(lesson));
  });

  app.get('/api/courses/:id/draft/lessons/:lessonId', {
    config: AUTHOR,
    schema: { tags: TAGS, summary: 'A lesson draft: its text and activity blocks, as written', params: S.LessonParams, response: { 200: S.LessonDraft, 404: ErrorResponse } },
  }, async (request) => lessonView(await service.getLesson(request.params.id, request.params.lessonId)));

  app.put('/api/courses/:id/draft/lessons/:lessonId', {
    config: AUTHOR,
    schema: {
      tags: TAGS, summary: "Save a lesson's text and activities, with the revision read; Markdown is stored as written", params: S.LessonParams, body: S.LessonUpdate,
      response: { 200: S.LessonDraft, 404: ErrorResponse, 409: S.Conflict },
    },
  }, async (request, reply) => {
    const { rev, ...input } = request.body;
    try {
      return lessonView(await service.saveLesson(request.params.id, request.params.lessonId, rev, input as never, editorOf(request)));
    } catch (error) {
      if (error instanceof EditConflict) return reply.status(409).send(await conflictReply(error));
      throw error;
    }
  });

  app.get('/api/courses/:id/draft/lessons/:lessonId/preview', {
    config: AUTHOR,
    schema: {
      tags: TAGS, summary: 'Try it as a learner: the saved draft lesson as the player gets it (sanitised, no answers)', params: S.LessonParams,
      response: { 200: Type.Object({ ...LessonResponse.properties, skippedActivities: Type.Array(Type.String(), { description: 'activities left out until they are complete' }) }), 404: ErrorResponse },
    },
  }, async (request) => {
    const course = await service.getCourse(request.params.id);
    return previewLesson(await service.getLesson(request.params.id, request.params.lessonId), course);
  });

  app.post('/api/courses/:id/draft/lessons/:lessonId/activities/:activityId/check', {
    config: AUTHOR,
    schema: {
      tags: TAGS, summary: 'Try an answer to a draft activity (nothing is recorded)', params: S.ActivityParams, body: S.CheckRequest,
      response: { 200: CheckResult, 400: ErrorResponse, 404: ErrorResponse },
    },
  }, async (request) => {
    const course = await service.getCourse(request.params.id);
    const lesson = await service.getLesson(request.params.id, request.params.lessonId);
    const block = lesson.blocks.find((b) => b.type === 'activity' && b.activity.id === request.params.activityId);
    const { activity } = block?.type === 'activity' ? validateActivity(block.activity) : { activity: null };
    if (!activity) throw new Errors.UNKNOWN_ACTIVITY(request.params.activityId);
    return checkAnswer(activity, draftLessonDoc(lesson, course).doc, request.body.response);
  });

  app.post('/api/courses/:id/draft/render', {
    config: AUTHOR,
    schema: { tags: TAGS, summary: 'Live preview: Markdown rendered and sanitised exactly as learners will see it', params: S.CourseParams, body: S.RenderRequest, response: { 200: S.RenderResult } },
  }, async (request) => {
    const refs = findMediaReferences(request.body.markdown, 1).map((r) => r.ref);
    const media = await resolveMedia(refs, {}, content.repository);
    return { html: renderMarkdown(request.body.markdown, { media }) };
  });

  app.post('/api/courses/:id/publish', {
    config: AUTHOR,
    schema: {
      tags: TAGS, summary: 'Validate the whole draft and install it as the next version; refused with every problem found', params: S.CourseParams,
      response: { 201: S.Published, 404: ErrorResponse, 409: ErrorResponse, 422: S.PublishRefusal },
    },
  }, async (request, reply) => {
    try {
      return reply.status(201).send(await service.publish(request.params.id, editorOf(request)));
    } catch (error) {
      if (error instanceof CourseInvalid) return reply.status(422).send({ code: 'COURSE_INVALID', message: `The course was not published: ${error.message}`, problems: error.problems });
      throw error;
    }
  });

  app.get('/api/courses/:id/versions', {
    config: AUTHOR,
    schema: { tags: TAGS, summary: 'The published versions of a course, newest first', params: S.CourseParams, response: { 200: S.VersionList, 404: ErrorResponse } },
  }, async (request) => {
    await service.getCourse(request.params.id);
    return Promise.all((await service.versions(request.params.id)).map(async (v) => ({
      version: v.version, publishedAt: v.publishedAt, publishedBy: await named(v.publishedBy), title: v.course.meta.title, lessonCount: v.lessons.length,
    })));
  });

  app.post('/api/courses/:id/versions/:version/restore', {
    config: AUTHOR,
    schema: { tags: TAGS, summary: 'Make a published version the draft again (publish it to show it to learners)', params: S.VersionParams, response: { 200: S.CourseDraft, 404: ErrorResponse, 409: ErrorResponse } },
  }, async (request) => courseView(await service.restore(request.params.id, request.params.version, editorOf(request))));

  app.post('/api/courses/:id/duplicate', {
    config: AUTHOR,
    schema: { tags: TAGS, summary: 'Copy a course (seed, library, or this hub’s) into a new draft with new ids, to adapt it', params: S.CourseParams, body: S.CopyRequest, response: { 201: S.CourseDraft, 404: ErrorResponse } },
  }, async (request, reply) => {
    const draft = await service.duplicate(request.params.id, editorOf(request), { ...(request.body.title ? { title: request.body.title } : {}) });
    return reply.status(201).send(await courseView(draft));
  });

  app.post('/api/courses/:id/translate', {
    config: AUTHOR,
    schema: { tags: TAGS, summary: 'Start a translation: a copy in another language, linked to the original (translationOf)', params: S.CourseParams, body: S.TranslateRequest, response: { 201: S.CourseDraft, 404: ErrorResponse } },
  }, async (request, reply) => {
    const draft = await service.duplicate(request.params.id, editorOf(request), { language: request.body.language, translation: true, ...(request.body.title ? { title: request.body.title } : {}) });
    return reply.status(201).send(await courseView(draft));
  });

  app.post('/api/courses/media', {
    config: AUTHOR,
    schema: {
      tags: TAGS, summary: 'Upload an image, audio or video file for a lesson (multipart field "file"); the type is checked from its bytes', consumes: ['multipart/form-data'],
      response: { 201: S.MediaUploaded, 400: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse },
    },
  }, async (request, reply) => {
    if (!request.isMultipart()) throw new Errors.UNSUPPORTED_MEDIA_TYPE('send the file as multipart/form-data');
    const upload = await request.file();
    if (!upload) throw new Errors.VALIDATION_FAILED('no file was sent: choose a picture, sound or video');
    let bytes: Buffer;
    try {
      bytes = await upload.toBuffer();
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new Errors.MEDIA_TOO_LARGE(formatBytes(maxMediaBytes));
      throw error;
    }
    const stored = await storeUpload(upload.filename, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), content.repository, content.media);
    return reply.status(201).send(stored);
  });
};

export default routes;
