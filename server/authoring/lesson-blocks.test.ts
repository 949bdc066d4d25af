import { describe, expect, it } from 'vitest';
import { findActivityBlocks } from '../../content/pack/markdown-source.ts';
import { blocksToBody, bodyToBlocks } from './lesson-blocks.ts';
import type { Activity } from '../../content/model/activities.ts';
import { parsePack } from '../../content/pack/parse-pack.ts';
import { MediaStore } from '../content/media-store.ts';
import { buildDraftPack } from './build-pack.ts';
import type { CourseDraftDoc, LessonDraftDoc } from '../../sync/authoring-documents.ts';

const coding: Activity = {
  id: 'c1', kind: 'coding', language: 'javascript', prompt: 'Write `greet`:\n\n```js\ngreet("Amina")\n```',
  starter: 'function greet(name) {\n  // ```\n}', solution: 'function greet(n) { return "Hi " + n; }', tests: [{ name: 'greets', code: 'greet("A") === "Hi A"' }],
};
const choice: Activity = { id: 'q1', kind: 'single-choice', prompt: 'Pick', choices: [{ text: 'A', correct: true }, { text: 'B' }] };

describe('lesson blocks', () => {
  it('turns blocks into a pack lesson body and back without losing order or content', () => {
    const blocks = [
      { type: 'text' as const, markdown: '# Title\n\nSome text with a sample:\n\n```js\nconsole.log(1)\n```' },
      { type: 'activity' as const, activity: coding as never },
      { type: 'text' as const, markdown: 'Between.' },
      { type: 'activity' as const, activity: choice as never },
    ];
    const body = blocksToBody(blocks);
    expect(findActivityBlocks(body, 1).blocks).toHaveLength(2);
    expect(bodyToBlocks(body, [coding, choice])).toEqual(blocks);
  });

  it('keeps an activity whose fields contain backtick fences inside its block', () => {
    const body = blocksToBody([{ type: 'activity', activity: coding as never }]);
    const { blocks, unclosedAt } = findActivityBlocks(body, 1);
    expect(unclosedAt).toBeNull();
    expect(blocks).toHaveLength(1);
    expect(body.split('\n')[0]).toMatch(/^`{4,}activity$/);
  });

  it('builds a pack the pack parser reads back to the same activities', async () => {
    const editor = { id: 'person:x', name: 'Neema' };
    const now = new Date().toISOString();
    const course: CourseDraftDoc = {
      _id: 'course-draft:hub-aaaaaaaaaa:hub-aaaaaaaaaa-c-1', type: 'course-draft', courseId: 'hub-aaaaaaaaaa-c-1', description: 'Intro',
      meta: { title: 'T', language: 'en', level: 'beginner', tags: [], estimatedMinutes: 10, licence: 'CC-BY-SA-4.0', authors: ['Neema'] },
      modules: [{ id: 'hub-aaaaaaaaaa-m-1', title: 'M', lessonIds: ['hub-aaaaaaaaaa-l-1'] }], publishedVersion: 0, createdAt: now, updatedAt: now, updatedBy: editor,
    };
    const lesson: LessonDraftDoc = {
      _id: 'lesson-draft:hub-aaaaaaaaaa:hub-aaaaaaaaaa-l-1', type: 'lesson-draft', lessonId: 'hub-aaaaaaaaaa-l-1', courseId: course.courseId, title: 'L',
      blocks: [{ type: 'text', markdown: 'Hello' }, { type: 'activity', activity: coding as never }, { type: 'activity', activity: choice as never }],
      media: {}, createdAt: now, updatedAt: now, updatedBy: editor,
    };
    const { files, problems } = await buildDraftPack(course, new Map([[lesson.lessonId, lesson]]), 3, new MediaStore('/nonexistent'));
    expect(problems).toEqual([]);
    const parsed = parsePack(files);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.pack.manifest).toMatchObject({ id: 'local-hub-aaaaaaaaaa-c-1', version: '3.0.0' });
    expect(parsed.pack.courses[0]!.modules[0]!.lessons[0]!.activities).toEqual([coding, choice]);
  });
});
