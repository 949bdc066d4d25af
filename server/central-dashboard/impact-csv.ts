// The impact table as CSV: the same figures as the JSON, one row per group and
// a last row "total", with a header naming the range and when it was computed
// as columns, so a sheet opened later still says what it shows.
import { stringify } from 'csv-stringify/sync';
import { FIGURE_NAMES } from './impact-figures.ts';
import type { ImpactReport } from './impact.ts';

export function impactCsv(report: ImpactReport): string {
  const header = [report.groupBy, 'label', ...FIGURE_NAMES, 'from', 'to', 'computedAt'];
  const line = (key: string, label: string, figures: ImpactReport['total']) => [
    key,
    label,
    ...FIGURE_NAMES.map((name) => (figures[name] === null ? '' : String(figures[name]))),
    report.from,
    report.to,
    report.computedAt,
  ];
  return stringify([header, ...report.groups.map((g) => line(g.key, g.label, g.figures)), line('total', 'total', report.total)]);
}

const DAY_MS = 86_400_000;
/** Ten years: more is a typing slip, not a report. */
export const MAX_RANGE_DAYS = 3660;

/** Null when the range can be reported, else why not (in words a person can act on). */
export function rangeProblem(from: string, to: string): string | null {
  const parse = (day: string) => {
    const ms = Date.parse(`${day}T00:00:00.000Z`);
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day ? null : ms;
  };
  const start = parse(from);
  const end = parse(to);
  if (start === null) return `"${from}" is not a calendar day (YYYY-MM-DD).`;
  if (end === null) return `"${to}" is not a calendar day (YYYY-MM-DD).`;
  if (end < start) return `it ends (${to}) before it starts (${from}); swap the two dates.`;
  if (start < Date.parse('2020-01-01T00:00:00Z')) return `it starts before 2020 (${from}); Darasa has no data from then.`;
  if (end > Date.now() + 366 * DAY_MS) return `it ends more than a year from now (${to}).`;
  if ((end - start) / DAY_MS > MAX_RANGE_DAYS) return `it spans more than ten years; choose a shorter period.`;
  return null;
}
