// Turns a failed call into words for the person: the catalogue code's
// translation (`errors.<CODE>`) when there is one, else the hub's English message.
import { ApiError } from './api.ts';

type Translate = (key: string, options?: { default?: string; values?: Record<string, string | number> }) => string;

export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`;
    const text = t(key, { default: error.message });
    return text === key ? error.message : text;
  }
  return t('errors.INTERNAL_ERROR');
}
