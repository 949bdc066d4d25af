// The trainer and library reports (issue 9), read like the impact report:
// the same hub rows (impact.ts `readHubs`, so a page showing all three reads
// each hub's views once and reuses them), combined by trainer-figures.ts and
// library-figures.ts; the library's courses from central's `darasa-library`.
// Each answers JSON or CSV (one row per group or per course and hub, a last
// row "total", the range and computedAt as columns), like impact-csv.ts.
import { stringify } from 'csv-stringify/sync';
import { type CentralAdmin, CentralError, couchRequest } from '../../sync/central/couch-http.ts';
import { LIBRARY_DB } from '../../sync/central/provision.ts';
import type { LibraryPackDoc } from '../../sync/library/library-docs.ts';
import { readHubs, type ImpactHubState, type ImpactSettings } from './impact.ts';
import { combineLibrary, type LibraryCourse, type LibraryCourseUse } from './library-figures.ts';
import { combineTrainers, TRAINER_FIGURE_NAMES, type TrainerFigures, type TrainerGroupBy } from './trainer-figures.ts';

interface Common {
  from: string;
  to: string;
  computedAt: string;
  complete: boolean;
  hubs: ImpactHubState[];
}

export interface TrainerReport extends Common {
  groupBy: TrainerGroupBy;
  levels: string[];
  total: TrainerFigures;
  groups: { key: string; label: string; figures: TrainerFigures }[];
}

export interface LibraryReport extends Common {
  courses: (Omit<LibraryCourseUse, 'byHub'> & { byHub: (LibraryCourseUse['byHub'][number] & { label: string })[] })[];
}

export async function computeTrainers(settings: ImpactSettings, hubIds: readonly string[], query: { from: string; to: string; groupBy: TrainerGroupBy }): Promise<TrainerReport> {
  const { computedAt, included, persons, complete, names, hubs } = await readHubs(settings, hubIds, query.from, query.to);
  const combined = combineTrainers(included, { ...query, persons });
  return {
    ...query,
    computedAt,
    complete,
    hubs,
    levels: combined.levels,
    total: combined.total,
    groups: combined.groups.map((group) => ({ ...group, label: query.groupBy === 'hub' ? (names.get(group.key) ?? group.key) : group.key })),
  };
}

/** Every course of every pack in the shared library (none when the library
 * database is not there yet). */
export async function readLibraryCourses(central: CentralAdmin): Promise<LibraryCourse[]> {
  const range = `startkey=${encodeURIComponent('"library-pack:"')}&endkey=${encodeURIComponent('"library-pack:\ufff0"')}`;
  const answer = await couchRequest<{ rows?: { doc?: LibraryPackDoc }[] }>(central, 'GET', `/${LIBRARY_DB}/_all_docs?include_docs=true&${range}`);
  if (answer.status === 404) return [];
  if (answer.status !== 200) throw new CentralError('CENTRAL_REFUSED', `central refused to list the library (${answer.status}).`, answer.status);
  return (answer.body.rows ?? []).flatMap(({ doc }) =>
    doc && doc.type === 'library-pack' && Array.isArray(doc.courseIds)
      ? doc.courseIds.map((courseId) => ({ courseId, packId: doc.packId, packTitle: doc.title, version: doc.version, publishedAt: doc.publishedAt }))
      : [],
  );
}

export async function computeLibrary(settings: ImpactSettings, hubIds: readonly string[], query: { from: string; to: string }): Promise<LibraryReport> {
  const [courses, read] = await Promise.all([readLibraryCourses(settings.central), readHubs(settings, hubIds, query.from, query.to)]);
  const { computedAt, included, persons, complete, names, hubs } = read;
  return {
    ...query,
    computedAt,
    complete,
    hubs,
    courses: combineLibrary(included, courses, { ...query, persons }).map((course) => ({ ...course, byHub: course.byHub.map((h) => ({ ...h, label: names.get(h.hubId) ?? h.hubId })) })),
  };
}

const cell = (value: number | string | null | undefined) => (value === null || value === undefined ? '' : String(value));

export function trainersCsv(report: TrainerReport): string {
  const header = [report.groupBy, 'label', ...TRAINER_FIGURE_NAMES, ...report.levels.map((level) => `certified: ${level}`), 'from', 'to', 'computedAt'];
  const line = (key: string, label: string, figures: TrainerFigures) => [
    key,
    label,
    ...TRAINER_FIGURE_NAMES.map((name) => cell(figures[name])),
    ...report.levels.map((level) => cell(figures.certifiedByLevel[level] ?? 0)),
    report.from,
    report.to,
    report.computedAt,
  ];
  return stringify([header, ...report.groups.map((g) => line(g.key, g.label, g.figures)), line('total', 'total', report.total)]);
}

export function libraryCsv(report: LibraryReport): string {
  const header = ['courseId', 'packId', 'packTitle', 'version', 'hub', 'label', 'learners', 'completions', 'from', 'to', 'computedAt'];
  const rows = report.courses.flatMap((course) => [
    ...course.byHub.map((h) => [course.courseId, course.packId, course.packTitle, course.version, h.hubId, h.label, cell(h.learners), cell(h.completions), report.from, report.to, report.computedAt]),
    [course.courseId, course.packId, course.packTitle, course.version, 'total', 'total', cell(course.learners), cell(course.completions), report.from, report.to, report.computedAt],
  ]);
  return stringify([header, ...rows]);
}
