// An answer as a teacher reads it: the choice's text rather than its index,
// the items in the learner's order, the code as written (shortened).
import type { Activity } from '../../content/model/activities.ts';

const MAX = 300;
const clip = (text: string) => (text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text);

export function describeAnswer(activity: Activity | undefined, response: unknown): string {
  const r = (response ?? {}) as Record<string, unknown>;
  try {
    switch (activity?.kind) {
      case 'single-choice':
        return clip(activity.choices[r.choice as number]?.text ?? String(r.choice));
      case 'multiple-choice':
        return clip(((r.choices as number[]) ?? []).map((i) => activity.choices[i]?.text ?? String(i)).join('; '));
      case 'true-false':
        return String(r.value);
      case 'short-text':
        return clip(String(r.text ?? ''));
      case 'numeric':
        return `${String(r.value)}${activity.unit ? ` ${activity.unit}` : ''}`;
      case 'ordering':
        return clip(((r.items as string[]) ?? []).join(' → '));
      case 'matching':
        return clip(Object.entries((r.pairs as Record<string, string>) ?? {}).map(([left, right]) => `${left} = ${right}`).join('; '));
      case 'coding':
        return clip(String(r.code ?? ''));
      case 'typing':
        return clip(String(r.typed ?? ''));
      default:
        return clip(JSON.stringify(response) ?? '');
    }
  } catch {
    return clip(JSON.stringify(response) ?? '');
  }
}
