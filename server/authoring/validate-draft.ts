// Checks a whole draft course before it is published, with the same schemas
// and activity rules packs are checked with (content/model, validateActivity),
// and says where each problem is in the author's terms: the lesson and the
// activity, not a file and a line. Publishing goes on only when the list is empty.
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { CourseFrontMatter, LessonFrontMatter } from '../../content/model/course.ts';
import { validateActivity, describeSchemaError } from '../../content/pack/validate-activity.ts';
import { findActivityBlocks, findMediaReferences } from '../../content/pack/markdown-source.ts';
import type { CourseDraftDoc, LessonDraftDoc } from '../../sync/authoring-documents.ts';
import { blocksToBody } from './lesson-blocks.ts';

export interface DraftProblem {
  lessonId: string | null;
  lessonTitle: string | null;
  activityId: string | null;
  /** Position of the block in the lesson (0-based), when the problem is in one. */
  block: number | null;
  message: string;
}

const schemaProblems = (schema: TSchema, value: unknown) =>
  [...Value.Errors(schema, value)].filter((e) => e.keyword !== 'boolean').map(describeSchemaError);

export function courseFrontMatter(course: CourseDraftDoc, version: number) {
  return {
    id: course.courseId,
    ...course.meta,
    version: `${version}.0.0`,
    modules: course.modules.map((m) => ({ id: m.id, title: m.title, lessons: m.lessonIds })),
  };
}

export function lessonFrontMatter(lesson: LessonDraftDoc) {
  return {
    id: lesson.lessonId,
    title: lesson.title,
    ...(lesson.estimatedMinutes ? { estimatedMinutes: lesson.estimatedMinutes } : {}),
    ...(lesson.quiz ? { quiz: lesson.quiz } : {}),
  };
}

export function validateDraft(course: CourseDraftDoc, lessons: Map<string, LessonDraftDoc>): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const add = (message: string, lesson: LessonDraftDoc | null = null, activityId: string | null = null, block: number | null = null) =>
    problems.push({ lessonId: lesson?.lessonId ?? null, lessonTitle: lesson?.title ?? null, activityId, block, message });

  for (const message of schemaProblems(CourseFrontMatter, courseFrontMatter(course, 1))) add(`Course details: ${message}`);
  if (course.modules.length === 0) add('The course has no module yet: add a module with at least one lesson.');
  for (const module of course.modules) {
    if (module.lessonIds.length === 0) add(`The module "${module.title}" has no lessons: add one or remove the module.`);
  }

  const ids = new Map<string, string>();
  const claim = (id: string, where: string, lesson: LessonDraftDoc | null, activityId: string | null = null, block: number | null = null) => {
    const previous = ids.get(id);
    if (previous) add(`The id "${id}" of ${where} is already used by ${previous}. Every id in a course must be unique.`, lesson, activityId, block);
    else ids.set(id, where);
  };
  claim(course.courseId, 'the course', null);
  for (const module of course.modules) claim(module.id, `the module "${module.title}"`, null);

  for (const lessonId of course.modules.flatMap((m) => m.lessonIds)) {
    const lesson = lessons.get(lessonId);
    if (!lesson) {
      add(`The lesson ${lessonId} is listed in a module but its draft is missing. Remove it from the module.`);
      continue;
    }
    claim(lesson.lessonId, `the lesson "${lesson.title}"`, lesson);
    for (const message of schemaProblems(LessonFrontMatter, lessonFrontMatter(lesson))) add(`Lesson details: ${message}`, lesson);
    if (lesson.blocks.length === 0) add('This lesson is empty: add some text or an activity.', lesson);
    lesson.blocks.forEach((block, index) => {
      const markdown = block.type === 'text' ? block.markdown : [block.activity.prompt, block.activity.explanation].filter((v) => typeof v === 'string').join('\n\n');
      for (const ref of findMediaReferences(markdown, 1)) {
        if (!lesson.media[ref.ref]) {
          add(`The picture or sound "${ref.ref}" is not on this hub. Upload it with the image button, or remove it.`, lesson, block.type === 'activity' ? block.activity.id : null, index);
        }
      }
      if (block.type !== 'activity') return;
      const activityId = typeof block.activity.id === 'string' ? block.activity.id : null;
      const { activity, problems: found } = validateActivity(block.activity);
      const label = `Activity ${lesson.blocks.slice(0, index + 1).filter((b) => b.type === 'activity').length} (${String(block.activity.kind)})`;
      for (const problem of found) add(`${label}: ${problem.message}`, lesson, activityId, index);
      if (activity) claim(activity.id, `an activity in "${lesson.title}"`, lesson, activityId, index);
    });
    const body = blocksToBody(lesson.blocks);
    const activityCount = lesson.blocks.filter((b) => b.type === 'activity').length;
    const { blocks, unclosedAt } = findActivityBlocks(body, 1);
    if (unclosedAt !== null || blocks.length !== activityCount) {
      add('A code block (```) in the text of this lesson is not closed, so the activities after it cannot be found. Close it with a line of ```.', lesson);
    }
  }
  return problems;
}
