// The class report as CSV: one row per learner, written from the same Report
// object as the JSON answer and the printable page (report.ts), so every cell
// is a figure the screen shows. csv-stringify, as the people export uses; a
// BOM so spreadsheets read accented and Swahili names; cells that a
// spreadsheet would run as a formula get a leading apostrophe.
import { stringify } from 'csv-stringify/sync';
import type { Report } from './report.ts';

const cell = (value: unknown): string => {
  const text = value === undefined || value === null ? '' : String(value);
  return /^[=+\-@]/.test(text) ? `'${text}` : text;
};

export const REPORT_CSV_COLUMNS = [
  'learner', 'person_id', 'groups', 'lessons_completed', 'activities_mastered', 'activities_tried', 'attempts',
  'quiz_average_percent', 'time_learnt_minutes', 'typing_practices', 'typing_best_wpm', 'typing_latest_wpm',
  'sessions_present', 'sessions_late', 'sessions_absent',
] as const;

export function reportToCsv(report: Report): string {
  const quizLessons = report.lessons.filter((l) => l.quiz);
  const header = [
    ...REPORT_CSV_COLUMNS,
    ...quizLessons.map((l) => `quiz best percent: ${l.title}`),
    ...report.lessons.map((l) => `lesson: ${l.title}`),
    ...report.activities.map((a) => `activity ${a.id}`),
  ];
  const rows = report.learners.map((l) => [
    l.name, l.personId, l.groups.join('; '), l.lessonsCompleted, l.activitiesMastered, l.activitiesTried, l.attempts,
    l.quizAveragePercent, l.timeLearntMinutes, l.typingPractices, l.typingBestWpm, l.typingLatestWpm,
    l.present, l.late, l.absent,
    ...l.quizzes,
    ...l.lessons,
    ...l.cells.map((c) => c.status),
  ].map(cell));
  return `\ufeff${stringify([header.map(cell), ...rows])}`;
}
