// A teacher's trend, computed from their observations alone (pure, so the
// figures are tested directly): one point per observation, oldest first, and
// per criterion (and for the averages) the mean, first, latest and change.
// Criteria renamed later keep their id, so a criterion's line stays one line.
import type { ObservationCriterion, ObservationDoc } from '../../sync/training-documents.ts';
import type { TrendView } from './observations-schemas.ts';

export const round2 = (value: number) => Math.round(value * 100) / 100;
const mean = (values: number[]) => round2(values.reduce((a, b) => a + b, 0) / values.length);

export function observationTrend(teacherId: string, observations: ObservationDoc[], current: ObservationCriterion[]): TrendView {
  const ordered = [...observations].sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt));
  const labels = new Map(current.map((criterion) => [criterion.id, criterion.label]));
  const seen = new Set<string>();
  for (const doc of ordered) for (const score of doc.scores) {
    seen.add(score.criterionId);
    if (!labels.has(score.criterionId)) labels.set(score.criterionId, score.label);
  }
  const criteria = [...labels].filter(([id]) => seen.has(id)).map(([id, label]) => ({ id, label }));
  const points = ordered.map((doc) => ({
    observationId: doc._id,
    date: doc.date,
    averageScore: doc.averageScore,
    scores: Object.fromEntries(doc.scores.map((score) => [score.criterionId, score.score])),
  }));
  const line = (criterionId: string, values: number[]) => ({
    criterionId,
    count: values.length,
    mean: mean(values),
    first: values[0]!,
    latest: values[values.length - 1]!,
    change: round2(values[values.length - 1]! - values[0]!),
  });
  const summary = ordered.length === 0 ? [] : [
    line('average', points.map((point) => point.averageScore)),
    ...criteria.map((criterion) => line(criterion.id, points.flatMap((point) => (criterion.id in point.scores ? [point.scores[criterion.id]!] : [])))),
  ];
  return { teacherId, criteria, points, summary };
}

/** The mean of the scores, two decimals: the observation's average. */
export const averageOf = (scores: { score: number }[]) => mean(scores.map((score) => score.score));
