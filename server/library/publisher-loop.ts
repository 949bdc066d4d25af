// Runs central's library publisher (sync/library/submissions.ts) every minute
// beside the central dashboard, so a course a trainer approved reaches the
// shared library shortly after its hub's sync, with no operator at hand.
// Runs never overlap; a failed run (central unreachable) is logged and the next
// one tries again.
import type { CentralAdmin } from '../../sync/central/couch-http.ts';
import { publishSubmissions } from '../../sync/library/submissions.ts';

interface Log {
  info(message: string): void;
  warn(message: string): void;
}

export function startSubmissionPublisher(central: CentralAdmin, log: Log, intervalMs = 60_000): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return;
    running = publishSubmissions(central)
      .then((result) => {
        for (const p of result.published) log.info(`library: published ${p.packId} ${p.version}.0.0 from ${p.hubId}`);
        for (const r of result.refused) log.warn(`library: refused ${r.courseId} version ${r.version} from ${r.hubId}: ${r.reason}`);
      })
      .catch((error: Error) => log.warn(`library: publishing submissions failed: ${error.message}`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  run();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
