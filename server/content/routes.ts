// The content API: catalogue, course and lesson pages, media, search, pack
// import (multipart .zip) and export. Every route names its capability; the
// auth guard checks it before the body is read.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fastifyStatic from '@fastify/static';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import { readPackZip } from '../../content/pack/read-zip.ts';
import { writePackZip } from '../../content/pack/write-zip.ts';
import { PackFileError, formatBytes } from '../../content/pack/files.ts';
import { Errors } from '../errors.ts';
import { ErrorResponse } from '../schemas.ts';
import { PackRefused } from './import-service.ts';
import { LessonViewCache } from './lesson-cache.ts';
import { exportCourses } from './export-service.ts';
import { renderMarkdown } from './render-markdown.ts';
import * as S from './schemas.ts';

const routes: FastifyPluginAsyncTypebox<{ maxPackBytes: number }> = async (app, options) => {
  const { repository, media, importer, search } = app.content;
  const lessonViews = new LessonViewCache();
  await app.register(fastifyStatic, { root: media.root, serve: false, decorateReply: !app.hasReplyDecorator('sendFile') });
  await app.register(multipart, { limits: { fileSize: options.maxPackBytes, files: 1, fields: 5, parts: 6 } });

  app.get('/api/courses', {
    config: { capability: 'content.read' },
    schema: { tags: ['content'], summary: 'The catalogue: installed courses, filtered by language, tag, level or audience', querystring: S.CourseQuery, response: { 200: Type.Array(S.CourseSummary) } },
  }, async (request) => {
    const { lang, tag, level, audience } = request.query;
    return (await repository.listCourses())
      .filter((c) => !c.retired && (!lang || c.language === lang) && (!tag || c.tags.includes(tag)) && (!level || c.level === level) && (!audience || c.audience === audience))
      .map((c) => ({
        id: c.courseId, title: c.title, language: c.language, level: c.level, tags: c.tags, audience: c.audience,
        lessonCount: c.modules.reduce((n, m) => n + m.lessonIds.length, 0), estimatedMinutes: c.estimatedMinutes,
        version: c.version, translationOf: c.translationOf ?? null, packId: c.packId,
      }))
      .sort((a, b) => a.title.localeCompare(b.title, a.language));
  });

  app.get('/api/courses/:id', {
    config: { capability: 'content.read' },
    schema: { tags: ['content'], summary: 'A course with its modules and lessons', params: S.IdParams, response: { 200: S.CourseDetail, 404: ErrorResponse } },
  }, async (request) => {
    const course = await repository.getCourse(request.params.id);
    if (!course || course.retired) throw new Errors.NOT_FOUND(`course ${request.params.id}`);
    const lessons = new Map((await repository.getLessons(course.modules.flatMap((m) => m.lessonIds))).map((l) => [l.lessonId, l]));
    const family = course.translationOf ?? course.courseId;
    const translations = (await repository.listCourses())
      .filter((c) => !c.retired && c.courseId !== course.courseId && (c.courseId === family || c.translationOf === family))
      .map((c) => ({ id: c.courseId, language: c.language, title: c.title }));
    return {
      id: course.courseId, title: course.title, language: course.language, level: course.level, tags: course.tags, audience: course.audience,
      lessonCount: lessons.size, estimatedMinutes: course.estimatedMinutes, version: course.version, translationOf: course.translationOf ?? null,
      packId: course.packId, licence: course.licence, authors: course.authors, translations,
      descriptionHtml: renderMarkdown(course.description),
      modules: course.modules.map((m) => ({
        id: m.id, title: m.title,
        lessons: m.lessonIds.flatMap((id) => {
          const lesson = lessons.get(id);
          return lesson ? [{ id, title: lesson.title, estimatedMinutes: lesson.estimatedMinutes ?? null, activityCount: lesson.activities.length }] : [];
        }),
      })),
    };
  });

  app.get('/api/lessons/:id', {
    config: { capability: 'content.read' },
    schema: { tags: ['content'], summary: 'A lesson: sanitised HTML, steps, and its activities without answers', params: S.IdParams, response: { 200: S.LessonResponse, 404: ErrorResponse } },
  }, async (request) => {
    const lesson = await repository.getLesson(request.params.id);
    const course = lesson && (await repository.getCourse(lesson.courseId));
    if (!lesson || !course || lesson.retired) throw new Errors.NOT_FOUND(`lesson ${request.params.id}`);
    return lessonViews.get(lesson, course);
  });

  app.get('/api/media/:file', {
    config: { capability: 'content.read' },
    schema: { tags: ['content'], summary: 'A media file by content hash (supports Range requests for seeking)', params: S.MediaParams },
  }, async (request, reply) => {
    const [sha256, extension] = request.params.file.split('.') as [string, string];
    const doc = await repository.getMedia(sha256);
    if (!doc || doc.extension !== extension) throw new Errors.NOT_FOUND(`media ${request.params.file}`);
    reply.header('Cache-Control', 'private, max-age=31536000, immutable');
    reply.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    return reply.type(doc.mime).sendFile(media.relativePath(sha256, extension), media.root);
  });

  app.get('/api/search', {
    config: { capability: 'content.read' },
    schema: { tags: ['content'], summary: 'Full-text search over course titles, lesson text and tags', querystring: S.SearchQuery, response: { 200: S.SearchResults } },
  }, async (request) => {
    await app.content.indexReady;
    return search.search(request.query.q, { ...(request.query.lang ? { lang: request.query.lang } : {}), limit: request.query.limit ?? 20 });
  });

  app.get('/api/packs', {
    config: { capability: 'content.import' },
    schema: { tags: ['content'], summary: 'Installed content packs', response: { 200: S.PackList } },
  }, async () => (await repository.listPacks()).map((p) => ({ id: p.packId, version: p.version, title: p.title, licence: p.licence, courseIds: p.courseIds, installedAt: p.installedAt })));

  app.post('/api/packs', {
    config: { capability: 'content.import' },
    schema: {
      tags: ['content'],
      summary: 'Import a content pack (.zip, multipart field "pack"); add ?force=true to install an older version',
      consumes: ['multipart/form-data'],
      querystring: S.PackQuery,
      response: { 200: S.ImportReport, 201: S.ImportReport, 400: ErrorResponse, 409: S.ImportRefusal, 413: ErrorResponse, 422: S.ImportRefusal },
    },
  }, async (request, reply) => {
    if (!request.isMultipart()) throw new Errors.UNSUPPORTED_MEDIA_TYPE('send the pack as multipart/form-data with a .zip file');
    const upload = await request.file();
    if (!upload) throw new Errors.VALIDATION_FAILED('no file was sent: choose a .zip pack');
    const dir = await mkdtemp(path.join(tmpdir(), 'darasa-upload-'));
    try {
      const zipPath = path.join(dir, 'pack.zip');
      await pipeline(upload.file, createWriteStream(zipPath));
      if (upload.file.truncated) throw new Errors.PACK_TOO_LARGE(formatBytes(options.maxPackBytes));
      const files = await readPackZip(zipPath);
      const report = await importer.importFiles(files, { force: request.query.force === true });
      return reply.status(report.status === 'unchanged' ? 200 : 201).send(report);
    } catch (error) {
      if (error instanceof PackFileError) throw new Errors.PACK_UNREADABLE(error.message);
      if (error instanceof PackRefused) {
        if (error.code === 'PACK_INVALID') return reply.status(422).send({ code: error.code, message: error.message, problems: error.problems });
        return reply.status(409).send({ code: error.code, message: error.message, problems: [] });
      }
      throw error;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  app.get('/api/courses/:id/export', {
    config: { capability: 'content.export' },
    schema: { tags: ['content'], summary: 'Export one course as a pack (.zip) that imports on another hub', params: S.IdParams },
  }, async (request, reply) => {
    const course = await repository.getCourse(request.params.id);
    if (!course || course.retired) throw new Errors.NOT_FOUND(`course ${request.params.id}`);
    const files = await exportCourses(repository, media, [course], { id: course.courseId, version: course.version, title: course.title, licence: course.licence });
    return reply
      .header('Content-Type', 'application/zip')
      .header('Content-Disposition', `attachment; filename="${course.courseId}-${course.version}.zip"`)
      .send(Buffer.from(await writePackZip(files)));
  });
};

export default routes;
