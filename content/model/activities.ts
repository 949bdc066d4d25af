// Activity definitions as they appear in packs (YAML blocks in lessons) and in
// lesson documents. The same TypeBox schemas validate packs, type the code and
// are published as JSON Schema (content/schema/). Answers — `correct`, `answer`,
// `accept`, the order of `items`, `pairs`, `solution`, `tests` — stay on the hub:
// `toPublicActivity` is the only way an activity leaves it.
import { Type, type Static, type TSchema } from 'typebox';

export const ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,99}$';
export const Id = Type.String({ pattern: ID_PATTERN, description: 'lower-case letters, digits and -; stable, never reused' });
const Text = (max = 2000) => Type.String({ minLength: 1, maxLength: max });

const Mastery = Type.Union([
  Type.Object({ correctInARow: Type.Integer({ minimum: 1, maximum: 20 }) }, { additionalProperties: false }),
  Type.Object({ minScore: Type.Number({ exclusiveMinimum: 0, maximum: 1 }) }, { additionalProperties: false }),
]);

const common = {
  id: Id,
  prompt: Text(4000),
  hint: Type.Optional(Text()),
  explanation: Type.Optional(Text(4000)),
  mastery: Type.Optional(Mastery),
};

const Choice = Type.Object({ text: Text(500), correct: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

export const ACTIVITY_SCHEMAS = {
  'single-choice': Type.Object({ ...common, kind: Type.Literal('single-choice'), choices: Type.Array(Choice, { minItems: 2, maxItems: 10 }) }, { additionalProperties: false }),
  'multiple-choice': Type.Object({ ...common, kind: Type.Literal('multiple-choice'), choices: Type.Array(Choice, { minItems: 2, maxItems: 12 }) }, { additionalProperties: false }),
  'true-false': Type.Object({ ...common, kind: Type.Literal('true-false'), answer: Type.Boolean() }, { additionalProperties: false }),
  'short-text': Type.Object({ ...common, kind: Type.Literal('short-text'), accept: Type.Array(Text(200), { minItems: 1, maxItems: 30 }) }, { additionalProperties: false }),
  numeric: Type.Object(
    { ...common, kind: Type.Literal('numeric'), answer: Type.Number(), tolerance: Type.Optional(Type.Number({ minimum: 0 })), unit: Type.Optional(Text(40)) },
    { additionalProperties: false },
  ),
  ordering: Type.Object({ ...common, kind: Type.Literal('ordering'), items: Type.Array(Text(300), { minItems: 2, maxItems: 12 }) }, { additionalProperties: false }),
  matching: Type.Object(
    { ...common, kind: Type.Literal('matching'), pairs: Type.Array(Type.Object({ left: Text(300), right: Text(300) }, { additionalProperties: false }), { minItems: 2, maxItems: 12 }) },
    { additionalProperties: false },
  ),
  coding: Type.Object(
    {
      ...common,
      kind: Type.Literal('coding'),
      language: Type.Literal('javascript'),
      starter: Type.String({ maxLength: 20000 }),
      solution: Type.String({ minLength: 1, maxLength: 20000 }),
      tests: Type.Array(Type.Object({ name: Text(300), code: Text(2000) }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }),
    },
    { additionalProperties: false },
  ),
  typing: Type.Object({ ...common, kind: Type.Literal('typing'), text: Text(2000), targetWpm: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false }),
} satisfies Record<string, TSchema>;

export type ActivityKind = keyof typeof ACTIVITY_SCHEMAS;
export const ACTIVITY_KINDS = Object.keys(ACTIVITY_SCHEMAS) as ActivityKind[];

export const Activity = Type.Union(Object.values(ACTIVITY_SCHEMAS));
export type Activity = { [K in ActivityKind]: Static<(typeof ACTIVITY_SCHEMAS)[K]> }[ActivityKind];
export type ActivityOf<K extends ActivityKind> = Static<(typeof ACTIVITY_SCHEMAS)[K]>;

/** What the browser may see of an activity before the learner answers. */
export interface PublicActivity {
  id: string;
  kind: ActivityKind;
  prompt: string;
  hint?: string;
  mastery?: Activity['mastery'];
  /** Choices' texts (choice kinds), items shuffled (ordering), left and shuffled right sides (matching). */
  choices?: string[];
  items?: string[];
  left?: string[];
  right?: string[];
  unit?: string;
  starter?: string;
  testNames?: string[];
  text?: string;
  targetWpm?: number;
}

/** A stable shuffle keyed by the activity id, so a reload shows the same order
 * and the correct order is never the one sent (unless there is only one order). */
export function stableShuffle<T>(values: readonly T[], seed: string): T[] {
  let state = 2166136261;
  for (const char of seed) state = Math.imul(state ^ char.charCodeAt(0), 16777619) >>> 0;
  const next = () => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return state / 2 ** 32;
  };
  const out = [...values];
  for (let attempt = 0; attempt < 5; attempt++) {
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    if (out.length < 2 || out.some((value, i) => value !== values[i])) break;
  }
  return out;
}

export function toPublicActivity(activity: Activity): PublicActivity {
  const base: PublicActivity = { id: activity.id, kind: activity.kind, prompt: activity.prompt };
  if (activity.hint) base.hint = activity.hint;
  if (activity.mastery) base.mastery = activity.mastery;
  switch (activity.kind) {
    case 'single-choice':
    case 'multiple-choice':
      return { ...base, choices: activity.choices.map((choice) => choice.text) };
    case 'true-false':
    case 'short-text':
      return base;
    case 'numeric':
      return activity.unit ? { ...base, unit: activity.unit } : base;
    case 'ordering':
      return { ...base, items: stableShuffle(activity.items, activity.id) };
    case 'matching':
      return { ...base, left: activity.pairs.map((pair) => pair.left), right: stableShuffle(activity.pairs.map((pair) => pair.right), activity.id) };
    case 'coding':
      return { ...base, starter: activity.starter, testNames: activity.tests.map((test) => test.name) };
    case 'typing':
      return { ...base, text: activity.text, ...(activity.targetWpm ? { targetWpm: activity.targetWpm } : {}) };
  }
}
