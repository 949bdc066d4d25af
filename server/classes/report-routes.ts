// Reports and the teacher's and learner's views:
//   GET /api/classes/:id/report                       the class report (JSON; ?format=csv: the same figures as CSV)
//   GET /api/classes/:id/learners/:personId/answers   one learner's answers, marked (the report's drill-down)
//   GET /api/teach/home                               today's classes, who is struggling, recent submissions
//   GET /api/me/assignments                           the signed-in learner's assignments
// The report answers with `Server-Timing: report;dur=<ms>` (the benchmark reads it).
// With `{ area: 'cohorts' }`: the report and answers of a cohort under
// /api/cohorts/:id/… (the same computation, JSON = CSV); the homes and
// /api/me/assignments are registered once, with the classes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, commonErrors } from '../schemas.ts';
import { Report } from './report.ts';
import { reportToCsv } from './report-csv.ts';
import { AREAS, type Area } from './routes.ts';
import { AnswersQuery, ClassParams, ClassSummary, LearnerParams, MyAssignments, ReportQuery } from './schemas.ts';

const guarded = { 401: ErrorResponse, 403: ErrorResponse };
const readErrors = { ...commonErrors, ...guarded, 404: ErrorResponse };
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const Answer = Type.Object({
  at: Type.String(),
  verb: Type.String({ description: 'answered | submitted (a quiz) | typed' }),
  courseId: Type.String(),
  lessonId: Type.String(),
  lessonTitle: Type.String(),
  activityId: Type.Optional(Nullable(Type.String())),
  prompt: Type.Optional(Type.String()),
  answer: Type.Optional(Type.String({ description: 'the answer as the learner gave it, in words' })),
  correct: Type.Optional(Nullable(Type.Boolean())),
  scorePercent: Nullable(Type.Integer()),
  questions: Type.Optional(Type.Array(Type.Object({ activityId: Type.String(), prompt: Type.String(), answer: Type.String(), correct: Nullable(Type.Boolean()), scorePercent: Nullable(Type.Integer()) }))),
});
const Answers = Type.Object({ personId: Type.String(), name: Type.String(), answers: Type.Array(Answer) });

const TeacherHome = Type.Object({
  today: Type.String(),
  todaysClasses: Type.Array(Type.Object({ ...ClassSummary.properties, sessionToday: Nullable(Type.Object({ present: Type.Integer(), late: Type.Integer(), absent: Type.Integer() })) })),
  classes: Type.Array(ClassSummary),
  struggling: Type.Array(Type.Object({
    personId: Type.String(), name: Type.String(), classId: Type.String(), className: Type.String(),
    reason: Type.Union([Type.Literal('failedAttempts'), Type.Literal('noProgress')], { description: 'failedAttempts: ≥ 3 wrong answers to one activity, not mastered; noProgress: nothing completed or answered right on the last two days attended' }),
    lessonId: Nullable(Type.String()), lessonTitle: Nullable(Type.String()), failures: Type.Integer(),
  })),
  recentSubmissions: Type.Array(Type.Object({
    personId: Type.String(), name: Type.String(), classId: Type.String(), className: Type.String(),
    lessonId: Type.String(), lessonTitle: Type.String(), verb: Type.String(), scorePercent: Nullable(Type.Integer()), at: Type.String(),
  })),
});

const routes: FastifyPluginAsyncTypebox<{ area: Area }> = async (app, { area }) => {
  const { service } = app.classes;
  const reports = area === 'classes' ? app.classes.reports : app.classes.cohorts.reports;
  const { prefix, tags } = AREAS[area];
  const read = { capability: AREAS[area].read };
  const noun = area === 'classes' ? 'Class' : 'Cohort';

  app.get(`${prefix}/:id/report`, {
    config: read,
    schema: {
      tags: [...tags],
      summary: `${noun} report: progress grid, quizzes, attendance, time learnt, typing (JSON, or CSV with ?format=csv)`,
      description:
        'JSON, CSV and the printable page are made from one computation, so their figures match. `group` keeps one group\'s learners; ' +
        '`from`/`to` (YYYY-MM-DD, inclusive) keep events and sessions of those days; `courseId` shows that course\'s lessons instead of the assigned ones.',
      params: ClassParams,
      querystring: ReportQuery,
      produces: ['application/json', 'text/csv'],
      response: {
        200: { description: 'The report', content: { 'application/json': { schema: Report }, 'text/csv': { schema: Type.String({ description: 'one row per learner (UTF-8 with BOM)' }) } } },
        ...readErrors,
      },
    },
  }, async (request, reply) => {
    const started = performance.now();
    const report = await reports.report(request.user!, request.params.id, request.query);
    if (request.query.format === 'csv') {
      const csv = reportToCsv(report);
      const name = report.className.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-|-$/g, '') || noun.toLowerCase();
      return reply
        .header('server-timing', `report;dur=${(performance.now() - started).toFixed(1)}`)
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="report-${name}.csv"`)
        .send(csv);
    }
    // Serialised here rather than by the response schema: the grid's thousands of
    // union-typed cells make the schema serialiser slow, and the timing should include it.
    const body = JSON.stringify(report);
    return reply.header('server-timing', `report;dur=${(performance.now() - started).toFixed(1)}`).header('content-type', 'application/json; charset=utf-8').send(body);
  });

  app.get(`${prefix}/:id/learners/:personId/answers`, {
    config: read,
    schema: {
      tags: [...tags],
      summary: `A ${area === 'classes' ? 'learner' : 'teacher'}'s answers, newest first, with their marks (the report's drill-down)`,
      description: `Quiz submissions list each question with the answer given and whether it was right. 400 ${AREAS[area].notIn} when they are not in the ${noun.toLowerCase()}.`,
      params: LearnerParams,
      querystring: AnswersQuery,
      response: { 200: Answers, ...readErrors },
    },
  }, async (request) => reports.answers(request.user!, request.params.id, request.params.personId, request.query));
  if (area === 'cohorts') return;

  app.get('/api/teach/home', {
    config: { capability: 'classes.read' },
    schema: { tags: ['classes'], summary: "The teacher's home: today's classes, who is struggling, recent submissions", response: { 200: TeacherHome, ...commonErrors, ...guarded } },
  }, async (request) => reports.teacherHome(request.user!));

  app.get('/api/me/assignments', {
    config: { capability: 'learning.record' },
    schema: {
      tags: ['classes'],
      summary: 'The work my teachers (and, for a teacher, my trainers) assigned me, due soonest first',
      description: 'Only assignments whose target includes the signed-in person (their class or cohort, one of their groups, or them by name). `from` says which: a class (teacher) or a cohort (trainer).',
      response: { 200: MyAssignments, ...commonErrors, ...guarded },
    },
  }, async (request) => {
    const personId = request.user!.id;
    const mine = await service.assignmentsFor(personId);
    const progress = await app.learning.progress.progressOf(personId);
    const completed = new Set(progress.flatMap((p) => p.completedLessonIds));
    // A quiz whose results are held is never "completed" by the browser (it knows no score): handed in is done.
    const submitted = new Set(progress.flatMap((p) => p.quizzes.map((q) => q.lessonId)));
    const assignments = mine.map(({ assignment, doc, title, courseId, lessonIds }) => ({
      id: assignment._id,
      from: doc.kind === 'cohort' ? ('cohort' as const) : ('class' as const),
      className: doc.name,
      kind: assignment.item.kind,
      itemId: assignment.item.id,
      title,
      courseId,
      firstLessonId: lessonIds.find((id) => !completed.has(id)) ?? lessonIds[0] ?? null,
      ...(assignment.dueDate ? { dueDate: assignment.dueDate } : {}),
      resultsHeld: assignment.showResults === 'later' && !assignment.releasedAt,
      done: lessonIds.length > 0 && lessonIds.every((id) => completed.has(id) || (assignment.item.kind === 'quiz' && submitted.has(id))),
    }));
    assignments.sort((a, b) => Number(a.done) - Number(b.done) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
    return { assignments };
  });
};

export default routes;
