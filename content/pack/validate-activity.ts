// Checks one activity block beyond its schema: the rules a schema cannot say
// (exactly one correct choice, distinct items, a solution that passes its own
// tests). Coding solutions run in a fresh V8 context with a time limit.
import vm from 'node:vm';
import { Value } from 'typebox/value';
import { ACTIVITY_KINDS, ACTIVITY_SCHEMAS, type Activity, type ActivityKind } from '../model/activities.ts';

export interface ActivityProblem {
  /** JSON pointer into the activity, for the line number. */
  path: string;
  message: string;
}

export function validateActivity(value: unknown): { activity: Activity | null; problems: ActivityProblem[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { activity: null, problems: [{ path: '', message: 'An activity block must be a YAML mapping (key: value lines).' }] };
  }
  const kind = (value as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !ACTIVITY_KINDS.includes(kind as ActivityKind)) {
    return { activity: null, problems: [{ path: '/kind', message: `Unknown activity kind ${JSON.stringify(kind)}. Use one of: ${ACTIVITY_KINDS.join(', ')}.` }] };
  }
  const schema = ACTIVITY_SCHEMAS[kind as ActivityKind];
  const schemaProblems = [...Value.Errors(schema, value)]
    .filter((error) => error.keyword !== 'boolean')
    .map((error) => ({ path: error.instancePath, message: describeSchemaError(error) }));
  if (schemaProblems.length > 0) return { activity: null, problems: schemaProblems };
  const activity = value as Activity;
  return { activity, problems: checkRules(activity) };
}

export function describeSchemaError(error: { instancePath: string; message: string; keyword: string; params: Record<string, unknown> }): string {
  const where = error.instancePath ? `"${error.instancePath.slice(1).replaceAll('/', '.')}"` : 'this block';
  if (error.keyword === 'additionalProperties') {
    return `${where} has a field that is not allowed here: ${String(error.params.additionalProperties)}.`;
  }
  if (error.keyword === 'required') return `${where} is missing: ${String(error.params.requiredProperties)}.`;
  if (error.keyword === 'pattern' && error.instancePath.endsWith('/id')) {
    return `${where} must be lower-case letters, digits and "-" (for example "cb-en-l01-a1").`;
  }
  return `${where} ${error.message}.`;
}

function checkRules(activity: Activity): ActivityProblem[] {
  const problems: ActivityProblem[] = [];
  switch (activity.kind) {
    case 'single-choice': {
      const correct = activity.choices.filter((choice) => choice.correct).length;
      if (correct !== 1) problems.push({ path: '/choices', message: `A single-choice question needs exactly one choice with "correct: true" (found ${correct}).` });
      break;
    }
    case 'multiple-choice':
      if (!activity.choices.some((choice) => choice.correct)) problems.push({ path: '/choices', message: 'A multiple-choice question needs at least one choice with "correct: true".' });
      break;
    case 'ordering':
      if (new Set(activity.items).size !== activity.items.length) problems.push({ path: '/items', message: 'Ordering items must all be different.' });
      break;
    case 'matching': {
      const lefts = activity.pairs.map((pair) => pair.left);
      const rights = activity.pairs.map((pair) => pair.right);
      if (new Set(lefts).size !== lefts.length || new Set(rights).size !== rights.length) {
        problems.push({ path: '/pairs', message: 'Each side of the matching pairs must have different texts.' });
      }
      break;
    }
    case 'coding':
      problems.push(...checkSolution(activity.solution, activity.tests));
      break;
  }
  return problems;
}

const SOLUTION_TIME_LIMIT_MS = 1000;

function checkSolution(solution: string, tests: { name: string; code: string }[]): ActivityProblem[] {
  const problems: ActivityProblem[] = [];
  tests.forEach((test, index) => {
    const source = `${solution}\n;(${test.code}\n)`;
    try {
      const result = vm.runInNewContext(source, { console: { log() {} } }, { timeout: SOLUTION_TIME_LIMIT_MS });
      if (result !== true) problems.push({ path: `/tests/${index}`, message: `The solution does not pass the test "${test.name}".` });
    } catch (error) {
      problems.push({ path: `/tests/${index}`, message: `Running the solution with the test "${test.name}" failed: ${(error as Error).message}` });
    }
  });
  return problems;
}
