// The `learning` plugin (issue 5): learning events, answer checks, progress and
// certificates, as one service on `app.learning`.
//   ingest.ts            POST /api/events rules (idempotent by browser-made id)
//   validate-event.ts    per-event checks (time, size, verb, content exists)
//   check-service.ts     marking answers (check-answer.ts, coding-judge.ts, typing-metrics.ts)
//   progress-*.ts        progress derived from a person's events (never stored)
//   certificates.ts      verification codes
//   course-completions.ts a record of each course completed, for central reporting
//   repository.ts        the only code touching event documents
import fp from 'fastify-plugin';
import { ContentLookup } from './content-lookup.ts';
import { FloodLimit } from './flood-limit.ts';
import type { IngestDeps } from './ingest.ts';
import { EventRepository } from './repository.ts';
import { ProgressService } from './progress-service.ts';
import { CourseCompletions } from './course-completions.ts';
import routes from './routes.ts';
import progressRoutes from './progress-routes.ts';

export interface LearningOptions {
  /** Events per minute per person and per workstation before 429 (default 600). */
  eventsPerMinute?: number;
}

/** Whether a learner's quiz results for a lesson are held back (a teacher's
 * assignment said "show results later"); other domains add theirs (classes). */
export type ResultHold = (personId: string, lessonId: string) => Promise<boolean>;

export interface Learning {
  repository: EventRepository;
  content: ContentLookup;
  ingestDeps: IngestDeps;
  progress: ProgressService;
  completions: CourseCompletions;
  resultHolds: ResultHold[];
}

declare module 'fastify' {
  interface FastifyInstance {
    learning: Learning;
  }
}

export default fp<LearningOptions>(
  async (app, options) => {
    const repository = new EventRepository(app.store.databases.hub, app.store.databases.local, app.store.hubId);
    const content = new ContentLookup(app.content.repository);
    const progress = new ProgressService(repository, content);
    const completions = new CourseCompletions(app.store.databases.hub, app.store.hubId, progress, content, (error) => app.log.warn({ err: error }, 'a course completion was not recorded (the next start-up catches up)'));
    const ingestDeps: IngestDeps = {
      repository,
      content,
      flood: new FloodLimit(options.eventsPerMinute),
      onWritten: (docs) => {
        progress.noteWritten(docs);
        completions.noteWritten(docs);
      },
    };
    app.decorate('learning', { repository, content, ingestDeps, progress, completions, resultHolds: [] });
    // Courses completed before the hub recorded them, or while it stopped
    // between an event and its record: in the background, after start.
    let catchUp: Promise<unknown> | null = null;
    app.addHook('onReady', async () => {
      catchUp = completions.catchUp().catch((error: unknown) => app.log.warn({ err: error }, 'course completions: start-up catch-up failed (tried again at the next start)'));
    });
    app.addHook('onClose', async () => {
      await completions.close();
      await catchUp;
    });
    await app.register(routes);
    await app.register(progressRoutes);
  },
  { name: 'learning', dependencies: ['store', 'auth', 'content'] },
);
