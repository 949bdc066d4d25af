// The `classes` plugin (issue 6, teaching): classes and groups, enrolment,
// sessions and attendance, assignments, class reports and the teacher's home,
// as `app.classes`.
//   repository.ts      the only code touching class, enrolment, attendance and assignment documents
//   service.ts         the rules (who may act on which class, what may be enrolled or assigned)
//   report.ts          the one computation behind the report's JSON, CSV and print
//   report-service.ts  gathers a report's inputs; drill-down; teacher's home
//   learner-events.ts  learners' events kept in memory for reports, fed by ingest
// Cohorts (issue 9): the same service and reports with COHORT_RULES, as
// `app.classes.cohorts`, their routes under /api/cohorts.
import fp from 'fastify-plugin';
import { LearnerEvents } from './learner-events.ts';
import { ClassRepository } from './repository.ts';
import { ReportService } from './report-service.ts';
import { ClassService, COHORT_RULES } from './service.ts';
import routes from './routes.ts';
import reportRoutes from './report-routes.ts';

/** Long enough for the hub to answer its first requests before the warm-up reads. */
const WARM_DELAY_MS = 2_000;

export interface Classes {
  service: ClassService;
  reports: ReportService;
  events: LearnerEvents;
  /** Teacher cohorts: classes of kind 'cohort', run by trainers. */
  cohorts: { service: ClassService; reports: ReportService };
}

declare module 'fastify' {
  interface FastifyInstance {
    classes: Classes;
  }
}

export default fp(
  async (app) => {
    const repository = new ClassRepository(app.store);
    const service = new ClassService(repository, app.auth.people, app.learning.content);
    const cohortService = new ClassService(repository, app.auth.people, app.learning.content, COHORT_RULES);
    const events = new LearnerEvents(app.learning.progress, () => app.learning.repository.scanAll());
    // Ingest calls one listener with what it wrote; the reports' cache listens too.
    const deps = app.learning.ingestDeps;
    const previous = deps.onWritten.bind(deps);
    deps.onWritten = (docs) => {
      previous(docs);
      events.noteWritten(docs);
    };
    const reports = new ReportService(service, events, app.learning.content, app.auth.people);
    const cohorts = { service: cohortService, reports: new ReportService(cohortService, events, app.learning.content, app.auth.people) };
    app.decorate('classes', { service, reports, events, cohorts });
    app.learning.resultHolds.push((personId, lessonId) => service.resultsHeld(personId, lessonId));
    // The first report after a start would read every learner's events from
    // disk (a minute for 50,000 events on a busy hub): load the enrolled
    // learners' events in the background once the hub is up, so a teacher
    // rarely waits. Failures only mean the first report loads them itself.
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      timer = setTimeout(() => {
        void (async () => {
          const ids = [...new Set((await service.repository.listEnrolments()).filter((e) => e.active).map((e) => e.personId))];
          if (ids.length > 0) await events.warm(ids);
          app.log.debug({ learners: ids.length }, 'class report cache warmed');
        })().catch((error: unknown) => app.log.debug({ err: error }, 'class report cache not warmed'));
      }, WARM_DELAY_MS);
      timer.unref();
    });
    app.addHook('onClose', async () => clearTimeout(timer));
    for (const area of ['classes', 'cohorts'] as const) {
      await app.register(routes, { area });
      await app.register(reportRoutes, { area });
    }
  },
  { name: 'classes', dependencies: ['store', 'auth', 'content', 'learning'] },
);
