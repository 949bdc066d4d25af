// "Try it as a learner": a draft lesson as the player receives a published one
// (sanitised HTML steps, activities without answers), built by the same code.
// Activities that are not valid yet are left out and named, so a half-written
// question never breaks the preview.
import { validateActivity } from '../../content/pack/validate-activity.ts';
import type { Activity } from '../../content/model/activities.ts';
import type { CourseDraftDoc, DraftBlock, LessonDraftDoc } from '../../sync/authoring-documents.ts';
import type { CourseDoc, LessonDoc } from '../../sync/content-documents.ts';
import { buildLessonView } from '../content/lesson-view.ts';
import { blocksToBody } from './lesson-blocks.ts';

export function draftLessonDoc(lesson: LessonDraftDoc, course: CourseDraftDoc): { doc: LessonDoc; skipped: string[] } {
  const blocks: DraftBlock[] = [];
  const activities: Activity[] = [];
  const skipped: string[] = [];
  for (const block of lesson.blocks) {
    if (block.type === 'text') blocks.push(block);
    else {
      const { activity, problems } = validateActivity(block.activity);
      if (activity && problems.length === 0) {
        blocks.push(block);
        activities.push(activity);
      } else skipped.push(String(block.activity.id));
    }
  }
  const moduleId = course.modules.find((m) => m.lessonIds.includes(lesson.lessonId))?.id ?? '';
  return {
    doc: {
      _id: `lesson:${lesson.lessonId}`, _rev: lesson._rev, type: 'lesson', lessonId: lesson.lessonId, courseId: course.courseId, moduleId, slug: lesson.lessonId,
      title: lesson.title, ...(lesson.quiz ? { quiz: lesson.quiz } : {}), body: blocksToBody(blocks), activities, media: lesson.media,
      retiredActivities: [], createdAt: lesson.createdAt, updatedAt: lesson.updatedAt,
    },
    skipped,
  };
}

export function previewLesson(lesson: LessonDraftDoc, course: CourseDraftDoc) {
  const { doc, skipped } = draftLessonDoc(lesson, course);
  const courseDoc: CourseDoc = {
    _id: `course:${course.courseId}`, type: 'course', courseId: course.courseId, packId: '', folder: course.courseId, ...course.meta,
    audience: course.meta.audience ?? 'learner', version: '0.0.0', description: course.description, modules: course.modules, createdAt: course.createdAt, updatedAt: course.updatedAt,
  };
  return { ...buildLessonView(doc, courseDoc), skippedActivities: skipped };
}
