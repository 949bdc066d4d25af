// The benchmark harness: each benchmark returns rows of figures; the runner
// prints them as one table and writes them as JSON. Targets are printed beside
// the figures and never asserted: machines here have 2 noisy cores.

export interface BenchRow {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  /** The target, as text (e.g. "≤ 1.5 s"), when there is one. */
  target?: string;
  /** Whether the figure meets its target, when there is one. */
  meets?: boolean;
  note?: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchRow[]>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function printTable(rows: BenchRow[]): void {
  const header = ['bench', 'metric', 'value', 'unit', 'target', 'meets', 'note'];
  const cells = rows.map((r) => [r.bench, r.metric, String(r.value), r.unit, r.target ?? '', r.meets === undefined ? '' : r.meets ? 'yes' : 'NO', r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const c of cells) console.log(line(c));
}
