// GET /api/library: the shared library's reviewed courses installed on this hub
// (packs `library-<courseId>`, sync/library/reviewed-packs.ts), for teachers to
// browse, preview (the content routes, as a learner reads them; the library page
// records no events) and duplicate to adapt (POST /api/courses/:id/duplicate).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parseReviewedDescription } from '../../sync/library/reviewed-packs.ts';

const LibraryCourse = Type.Object({
  courseId: Type.String(),
  packId: Type.String(),
  title: Type.String(),
  language: Type.String(),
  level: Type.String(),
  audience: Type.String(),
  description: Type.String(),
  authors: Type.Array(Type.String()),
  version: Type.String({ description: "the course's version (its n-th approved publication is n.0.0)" }),
  lessonCount: Type.Integer(),
  estimatedMinutes: Type.Integer(),
  originHubId: Type.Union([Type.String(), Type.Null()], { description: 'the hub where it was written and reviewed' }),
  approvedAt: Type.Union([Type.String(), Type.Null()], { description: 'when a trainer approved this version' }),
  installedAt: Type.String({ description: 'when this hub installed this version' }),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/library', {
    config: { capability: 'library.read' },
    schema: {
      tags: ['library'], summary: "The shared library's reviewed courses installed on this hub, newest approval first",
      description: 'Each arrived with a sync from central after a trainer approved it on its hub. Open one with GET /api/courses/:id; adapt it with POST /api/courses/:id/duplicate.',
      response: { 200: Type.Array(LibraryCourse) },
    },
  }, async () => {
    const packs = (await app.content.repository.listPacks()).filter((p) => p.packId.startsWith('library-'));
    const rows = [];
    for (const pack of packs) {
      const origin = parseReviewedDescription(pack.description);
      for (const courseId of pack.courseIds) {
        const course = await app.content.repository.getCourse(courseId);
        if (!course || course.retired || course.packId !== pack.packId) continue;
        rows.push({
          courseId, packId: pack.packId, title: course.title, language: course.language, level: course.level, audience: course.audience ?? 'learner',
          description: course.description, authors: course.authors, version: course.version, lessonCount: course.modules.reduce((n, m) => n + m.lessonIds.length, 0),
          estimatedMinutes: course.estimatedMinutes, originHubId: origin?.hubId ?? null, approvedAt: origin?.approvedAt ?? null, installedAt: pack.installedAt,
        });
      }
    }
    return rows.sort((a, b) => (b.approvedAt ?? b.installedAt).localeCompare(a.approvedAt ?? a.installedAt));
  });
};

export default routes;
