// POST /api/activities/:id/check: marks one answer and says why. The feedback
// carries the explanation (Markdown and safe HTML) and, when the answer is not
// fully right, the hint; never the key itself (choices' flags, accepted texts,
// the solution or the hidden tests' code).
import type { Activity } from '../../content/model/activities.ts';
import type { LessonDoc } from '../../sync/content-documents.ts';
import { renderMarkdown } from '../content/render-markdown.ts';
import { Errors } from '../errors.ts';
import { field, isNumber, isString, markAnswer, round } from './check-answer.ts';
import { judgeCode } from './coding-judge.ts';
import type { CheckResult } from './schemas.ts';
import { measureTyping } from './typing-metrics.ts';

function feedbackFor(activity: Activity, lesson: LessonDoc, fullyRight: boolean): CheckResult['feedback'] {
  const feedback: CheckResult['feedback'] = {};
  if (activity.explanation) {
    feedback.explanation = activity.explanation;
    feedback.explanationHtml = renderMarkdown(activity.explanation, { media: lesson.media });
  }
  if (activity.hint && !fullyRight) feedback.hint = activity.hint;
  return feedback;
}

export async function checkAnswer(activity: Activity, lesson: LessonDoc, response: unknown): Promise<CheckResult> {
  switch (activity.kind) {
    case 'coding': {
      const code = field(response, 'code', isString(20_000), 'your code as text (at most 20 000 characters)');
      const tests = await judgeCode(activity, code);
      const passed = tests.filter((t) => t.passed).length;
      const correct = passed === tests.length;
      return { correct, score: round(passed / tests.length), feedback: feedbackFor(activity, lesson, correct), tests };
    }
    case 'typing': {
      const typed = field(response, 'typed', isString(4000), 'the typed text (at most 4000 characters)');
      const durationMs = field(response, 'durationMs', isNumber, 'the typing time in milliseconds');
      if (durationMs < 0) throw new Errors.RESPONSE_INVALID('"durationMs" cannot be negative');
      const { wpm, accuracy } = measureTyping(activity.text, typed, durationMs);
      // Practice is never "wrong": the score is the accuracy, the speed is reported.
      return { correct: true, score: accuracy, wpm, accuracy, feedback: feedbackFor(activity, lesson, accuracy === 1) };
    }
    default: {
      const marked = markAnswer(activity, response);
      return { ...marked, feedback: feedbackFor(activity, lesson, marked.correct) };
    }
  }
}
