// A new activity of each kind of the course model (content/model/activities.ts),
// with the fields its form shows, ready to fill in.
export const ACTIVITY_KINDS = ['single-choice', 'multiple-choice', 'true-false', 'short-text', 'numeric', 'ordering', 'matching', 'coding', 'typing'] as const;
export type Kind = (typeof ACTIVITY_KINDS)[number];

export function newActivity(kind: Kind, id: string): Record<string, unknown> & { id: string; kind: string } {
  const base = { id, kind, prompt: '' };
  switch (kind) {
    case 'single-choice':
    case 'multiple-choice':
      return { ...base, choices: [{ text: '', correct: true }, { text: '' }] };
    case 'true-false':
      return { ...base, answer: true };
    case 'short-text':
      return { ...base, accept: [''] };
    case 'numeric':
      return { ...base, answer: 0 };
    case 'ordering':
      return { ...base, items: ['', ''] };
    case 'matching':
      return { ...base, pairs: [{ left: '', right: '' }, { left: '', right: '' }] };
    case 'coding':
      return { ...base, language: 'javascript', starter: '', solution: '', tests: [{ name: '', code: '' }] };
    case 'typing':
      return { ...base, text: '' };
  }
}

/** A new activity id: the lesson's id and a random suffix (ids are lower-case letters, digits and -). */
export function newActivityId(lessonId: string): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => 'abcdefghijklmnopqrstuvwxyz234567'[b & 31]).join('');
  return `${lessonId.slice(0, 80)}-${random}`;
}

/** Empty optional fields are left out, so the hub's validator does not see "" as a hint. */
export function tidy(activity: Record<string, unknown>): Record<string, unknown> & { id: string; kind: string } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(activity)) {
    if ((key === 'hint' || key === 'explanation' || key === 'unit') && value === '') continue;
    if ((key === 'tolerance' || key === 'targetWpm') && (value === '' || value === null || value === undefined)) continue;
    out[key] = value;
  }
  return out as Record<string, unknown> & { id: string; kind: string };
}
