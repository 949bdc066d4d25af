// Regression: a progress answer derived while an event was being written was
// cached without that event, so the learner saw stale progress for a minute
// (lesson completed, progress page still "0 lessons"): found by the player's
// end-to-end test under load.
import { describe, expect, it } from 'vitest';
import type { CourseDoc, LessonDoc } from '../../sync/content-documents.ts';
import type { EventDoc } from '../../sync/documents.ts';
import type { ContentLookup } from './content-lookup.ts';
import { ProgressService } from './progress-service.ts';
import type { EventRepository } from './repository.ts';

const course = { courseId: 'c', title: 'C', language: 'en', modules: [{ id: 'm', title: 'M', lessonIds: ['l'] }] } as unknown as CourseDoc;
const lesson = { lessonId: 'l', courseId: 'c', title: 'L', activities: [], retiredActivities: [] } as unknown as LessonDoc;
const completed: EventDoc = {
  _id: 'event:hub-aaaaaaaaaa:e1', type: 'event', createdAt: '2025-01-01T00:00:00Z', personId: 'p', verb: 'completed',
  object: { courseId: 'c', lessonId: 'l' }, at: '2025-01-01T00:00:00Z', receivedAt: '2025-01-01T00:00:00Z', workstation: '127.0.0.1',
};

describe('progress cache', () => {
  it('does not cache a derivation that raced with a write for the same person', async () => {
    const stored = new Map<string, EventDoc>();
    let release: () => void = () => undefined;
    let slow = true;
    const repository = {
      async *scanAll() {},
      async getMany(ids: string[]) {
        const snapshot = new Map([...stored].filter(([id]) => ids.includes(id)));
        if (slow) await new Promise<void>((resolve) => (release = resolve));
        return snapshot;
      },
    } as unknown as EventRepository;
    const content = { course: async () => course, liveLessons: async () => [lesson] } as unknown as ContentLookup;
    const service = new ProgressService(repository, content);

    const racing = service.progressOf('p'); // reads the events (none yet) and waits
    await new Promise((resolve) => setTimeout(resolve, 10));
    stored.set(completed._id, completed);
    service.noteWritten([completed]); // the write lands while the derivation is in flight
    release();
    expect(await racing).toEqual([]);

    slow = false;
    const [after] = await service.progressOf('p');
    expect(after).toMatchObject({ courseId: 'c', lessonsCompleted: 1, completedAt: completed.at });
  });
});
