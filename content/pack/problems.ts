// A problem found in a pack: the file, the line where it is (1-based) when it
// has one, and a sentence an author can act on. Validation collects every
// problem rather than stopping at the first.

export interface Problem {
  file: string;
  line?: number;
  message: string;
}

export class Problems {
  readonly list: Problem[] = [];

  add(file: string, line: number | undefined, message: string): void {
    this.list.push(line === undefined ? { file, message } : { file, line, message });
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`;
}
