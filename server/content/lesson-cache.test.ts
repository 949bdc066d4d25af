import { describe, expect, it } from 'vitest';
import { LessonViewCache } from './lesson-cache.ts';
import type { CourseDoc, LessonDoc } from '../../sync/content-documents.ts';

const course = { _id: 'course:c', _rev: '1-a', courseId: 'c', title: 'C', language: 'en', modules: [{ id: 'm', title: 'M', lessonIds: ['l'] }] } as unknown as CourseDoc;
const lesson = (rev: string, body: string) =>
  ({ _id: 'lesson:l', _rev: rev, lessonId: 'l', courseId: 'c', moduleId: 'm', title: 'L', body, activities: [], media: {}, retiredActivities: [] }) as unknown as LessonDoc;

describe('rendered lesson cache', () => {
  it('renders a revision once and renders again when the lesson changes', () => {
    const cache = new LessonViewCache();
    const first = cache.get(lesson('1-x', 'Hello **one**'), course);
    expect(cache.get(lesson('1-x', 'Hello **one**'), course)).toBe(first);
    const second = cache.get(lesson('2-y', 'Hello **two**'), course);
    expect(second.html).toContain('<strong>two</strong>');
    expect(cache.get(lesson('1-x', 'Hello **one**'), { ...course, _rev: '2-b' } as CourseDoc)).not.toBe(first);
  });

  it('stays bounded', () => {
    const cache = new LessonViewCache();
    for (let i = 0; i < 600; i++) cache.get(lesson(`${i}-r`, 'x'), course);
    expect(cache.size).toBeLessThanOrEqual(500);
  });
});
