import { describe, expect, it } from 'vitest';
import { activityRanges } from './impact-ranges.ts';

describe('activityRanges', () => {
  it('reads whole months from month keys and the partial ends from day keys', () => {
    expect(activityRanges('2026-09-05', '2026-11-30')).toEqual([
      { startkey: ['d', '2026-09-05'], endkey: ['d', '2026-09-30', {}] },
      { startkey: ['m', '2026-10'], endkey: ['m', '2026-11', {}] },
    ]);
    expect(activityRanges('2026-09-01', '2026-09-30')).toEqual([{ startkey: ['m', '2026-09'], endkey: ['m', '2026-09', {}] }]);
    expect(activityRanges('2026-09-03', '2026-09-17')).toEqual([{ startkey: ['d', '2026-09-03'], endkey: ['d', '2026-09-17', {}] }]);
    expect(activityRanges('2026-12-20', '2027-01-10')).toEqual([
      { startkey: ['d', '2026-12-20'], endkey: ['d', '2026-12-31', {}] },
      { startkey: ['d', '2027-01-01'], endkey: ['d', '2027-01-10', {}] },
    ]);
    expect(activityRanges('2028-01-01', '2028-02-29')).toEqual([{ startkey: ['m', '2028-01'], endkey: ['m', '2028-02', {}] }]);
    expect(activityRanges('2026-02-01', '2026-03-15')).toEqual([
      { startkey: ['m', '2026-02'], endkey: ['m', '2026-02', {}] },
      { startkey: ['d', '2026-03-01'], endkey: ['d', '2026-03-15', {}] },
    ]);
  });
});
