// What a browser receives of a lesson: its Markdown cut into steps at each
// activity block (text, activity, text, …), each text rendered safe, and the
// activities without their answers. Answers never leave the hub here.
import { findActivityBlocks } from '../../content/pack/markdown-source.ts';
import { toPublicActivity, type PublicActivity } from '../../content/model/activities.ts';
import type { CourseDoc, LessonDoc } from '../../sync/content-documents.ts';
import { renderMarkdown } from './render-markdown.ts';

export type LessonStep = { type: 'text'; html: string } | { type: 'activity'; activityId: string };

export interface LessonView {
  id: string;
  courseId: string;
  courseTitle: string;
  moduleId: string;
  title: string;
  language: string;
  estimatedMinutes: number | null;
  /** Present when the lesson is a quiz. */
  quiz: { timeLimitMinutes: number | null; passScore: number } | null;
  html: string;
  steps: LessonStep[];
  activities: (PublicActivity & { promptHtml: string })[];
  previousLessonId: string | null;
  nextLessonId: string | null;
}

export function buildLessonView(lesson: LessonDoc, course: CourseDoc): LessonView {
  const context = { media: lesson.media };
  const lines = lesson.body.split('\n');
  const { blocks } = findActivityBlocks(lesson.body, 1);
  const steps: LessonStep[] = [];
  const textParts: string[] = [];
  let cursor = 0;
  blocks.forEach((block, index) => {
    const text = lines.slice(cursor, block.startIndex).join('\n').trim();
    if (text) {
      textParts.push(text);
      steps.push({ type: 'text', html: renderMarkdown(text, context) });
    }
    const activity = lesson.activities[index];
    if (activity) steps.push({ type: 'activity', activityId: activity.id });
    cursor = block.endIndex + 1;
  });
  const tail = lines.slice(cursor).join('\n').trim();
  if (tail) {
    textParts.push(tail);
    steps.push({ type: 'text', html: renderMarkdown(tail, context) });
  }
  const order = course.modules.flatMap((m) => m.lessonIds);
  const position = order.indexOf(lesson.lessonId);
  return {
    id: lesson.lessonId,
    courseId: course.courseId,
    courseTitle: course.title,
    moduleId: lesson.moduleId,
    title: lesson.title,
    language: course.language,
    estimatedMinutes: lesson.estimatedMinutes ?? null,
    quiz: lesson.quiz ? { timeLimitMinutes: lesson.quiz.timeLimitMinutes ?? null, passScore: lesson.quiz.passScore ?? 0.6 } : null,
    html: renderMarkdown(textParts.join('\n\n'), context),
    steps,
    activities: lesson.activities.map((activity) => ({ ...toPublicActivity(activity), promptHtml: renderMarkdown(activity.prompt, context) })),
    previousLessonId: position > 0 ? order[position - 1]! : null,
    nextLessonId: position >= 0 && position < order.length - 1 ? order[position + 1]! : null,
  };
}
