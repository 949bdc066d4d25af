// Checks a learner's answer against an activity's key, on the hub (answers
// never reach the browser before the learner answers). One function per kind;
// coding is judged in a worker (coding-judge.ts), typing is measured
// (typing-metrics.ts). A response that does not fit the kind is RESPONSE_INVALID.
// Partial credit, so a near miss is encouraged rather than marked 0:
//   multiple-choice: (right picks − wrong picks) / right choices, at least 0;
//   ordering: the share of items in their right place;
//   matching: the share of pairs matched right.
import type { Activity, ActivityOf } from '../../content/model/activities.ts';
import { Errors } from '../errors.ts';

export interface Marked {
  correct: boolean;
  score: number;
}

type Obj = Record<string, unknown>;

function invalid(what: string): never {
  throw new Errors.RESPONSE_INVALID(what);
}

function field<T>(response: unknown, name: string, ok: (value: unknown) => value is T, expected: string): T {
  if (!response || typeof response !== 'object' || Array.isArray(response)) invalid(`send an object like { ${name}: ${expected} }`);
  const value = (response as Obj)[name];
  if (!ok(value)) invalid(`"${name}" must be ${expected}`);
  return value;
}

const isIndex = (n: number) => (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) < n;
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isString = (max: number) => (value: unknown): value is string => typeof value === 'string' && value.length <= max;
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
const isStringMap = (value: unknown): value is Record<string, string> =>
  !!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');

const all = (score: number): Marked => ({ correct: score === 1, score });

/** Case, spacing, accents and end punctuation do not make a short answer wrong. */
export function normaliseText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim().replace(/[.!?;,]+$/, '').trim();
}

function checkSingle(activity: ActivityOf<'single-choice'>, response: unknown): Marked {
  const choice = field(response, 'choice', isIndex(activity.choices.length), `a choice index from 0 to ${activity.choices.length - 1}`);
  return all(activity.choices[choice]!.correct ? 1 : 0);
}

function checkMultiple(activity: ActivityOf<'multiple-choice'>, response: unknown): Marked {
  const n = activity.choices.length;
  const picked = field(response, 'choices', (v): v is number[] => Array.isArray(v) && v.every(isIndex(n)), `an array of choice indexes from 0 to ${n - 1}`);
  const chosen = new Set(picked);
  const right = activity.choices.flatMap((c, i) => (c.correct ? [i] : []));
  const hits = right.filter((i) => chosen.has(i)).length;
  const misses = [...chosen].filter((i) => !activity.choices[i]!.correct).length;
  const score = right.length === 0 ? (chosen.size === 0 ? 1 : 0) : Math.max(0, (hits - misses) / right.length);
  return { correct: hits === right.length && misses === 0, score: round(score) };
}

function checkOrdering(activity: ActivityOf<'ordering'>, response: unknown): Marked {
  const items = field(response, 'items', isStringArray, 'the items as strings, in your order');
  const sameSet = items.length === activity.items.length && [...items].sort().join('\u0000') === [...activity.items].sort().join('\u0000');
  if (!sameSet) invalid('"items" must hold each item of the activity exactly once');
  const inPlace = items.filter((item, i) => activity.items[i] === item).length;
  return all(round(inPlace / items.length));
}

function checkMatching(activity: ActivityOf<'matching'>, response: unknown): Marked {
  const pairs = field(response, 'pairs', isStringMap, 'an object { left: right }');
  const lefts = new Set(activity.pairs.map((p) => p.left));
  for (const left of Object.keys(pairs)) if (!lefts.has(left)) invalid(`"${left}" is not a left-hand item of this activity`);
  const right = activity.pairs.filter((p) => pairs[p.left] === p.right).length;
  return all(round(right / activity.pairs.length));
}

function checkNumeric(activity: ActivityOf<'numeric'>, response: unknown): Marked {
  const value = field(response, 'value', isNumber, 'a number');
  // A tiny floor on the tolerance so 0.1 + 0.2 counts as 0.3.
  const tolerance = Math.max(activity.tolerance ?? 0, 1e-9 * Math.max(1, Math.abs(activity.answer)));
  return all(Math.abs(value - activity.answer) <= tolerance ? 1 : 0);
}

function checkShortText(activity: ActivityOf<'short-text'>, response: unknown): Marked {
  const text = normaliseText(field(response, 'text', isString(2000), 'text of at most 2000 characters'));
  return all(activity.accept.some((accepted) => normaliseText(accepted) === text) ? 1 : 0);
}

/** Marks every kind but coding and typing (those need more than a comparison). */
export function markAnswer(activity: Exclude<Activity, { kind: 'coding' | 'typing' }>, response: unknown): Marked {
  switch (activity.kind) {
    case 'single-choice':
      return checkSingle(activity, response);
    case 'multiple-choice':
      return checkMultiple(activity, response);
    case 'true-false':
      return all(field(response, 'value', isBoolean, 'true or false') === activity.answer ? 1 : 0);
    case 'short-text':
      return checkShortText(activity, response);
    case 'numeric':
      return checkNumeric(activity, response);
    case 'ordering':
      return checkOrdering(activity, response);
    case 'matching':
      return checkMatching(activity, response);
  }
}

export function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export { field, isString, isNumber };
