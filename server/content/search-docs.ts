// Turns course and lesson documents into the plain entries the search index
// holds: one per course (title, introduction, tags) and one per lesson (title
// and text, activity prompts included, without Markdown or answers).
import type { SearchDoc } from '../search/search-index.ts';
import type { CourseDoc, LessonDoc } from '../../sync/content-documents.ts';
import { markdownToText } from './render-markdown.ts';

export function searchDocsFor(courses: CourseDoc[], lessons: LessonDoc[]): SearchDoc[] {
  const live = new Map(courses.filter((c) => !c.retired).map((c) => [c.courseId, c]));
  const docs: SearchDoc[] = [...live.values()].map((course) => ({
    courseId: course.courseId,
    lessonId: null,
    language: course.language,
    title: course.title,
    courseTitle: course.title,
    text: markdownToText(course.description),
    tags: course.tags,
  }));
  for (const lesson of lessons) {
    const course = live.get(lesson.courseId);
    if (!course || lesson.retired) continue;
    const withoutBlocks = lesson.body.replace(/^(`{3,}|~{3,})\s*activity\s*\n[\s\S]*?^\1\s*$/gm, '');
    const prompts = lesson.activities.map((a) => a.prompt).join('\n\n');
    docs.push({
      courseId: course.courseId,
      lessonId: lesson.lessonId,
      language: course.language,
      title: lesson.title,
      courseTitle: course.title,
      text: markdownToText(`${withoutBlocks}\n\n${prompts}`),
      tags: course.tags,
    });
  }
  return docs;
}
