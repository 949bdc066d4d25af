// How a date range reads the `activity` view (sync/central/impact-views.ts):
// whole calendar months from its month keys, the partial months at either end
// from its day keys. 2026-09-05…2026-11-30 → days 09-05…09-30, months 10…11.
export interface KeyRange {
  startkey: unknown[];
  endkey: unknown[];
}

const lastDayOfMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
};
const previousMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
};

export function activityRanges(from: string, to: string): KeyRange[] {
  const days = (a: string, b: string): KeyRange => ({ startkey: ['d', a], endkey: ['d', b, {}] });
  const fromMonth = from.slice(0, 7);
  const toMonth = to.slice(0, 7);
  const startsWhole = from.endsWith('-01');
  const endsWhole = to === lastDayOfMonth(toMonth);
  if (fromMonth === toMonth) return startsWhole && endsWhole ? [{ startkey: ['m', fromMonth], endkey: ['m', fromMonth, {}] }] : [days(from, to)];
  const ranges: KeyRange[] = [];
  const firstWhole = startsWhole ? fromMonth : nextMonth(fromMonth);
  const lastWhole = endsWhole ? toMonth : previousMonth(toMonth);
  if (!startsWhole) ranges.push(days(from, lastDayOfMonth(fromMonth)));
  if (firstWhole <= lastWhole) ranges.push({ startkey: ['m', firstWhole], endkey: ['m', lastWhole, {}] });
  if (!endsWhole) ranges.push(days(`${toMonth}-01`, to));
  return ranges;
}
