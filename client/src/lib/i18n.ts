// Every string the user sees goes through svelte-i18n (ICU MessageFormat, so
// plurals and genders translate properly). Locale files are loaded lazily, one
// per language, from client/locales/; the workstation's choice is kept in
// localStorage so the next learner at the same machine starts in it.
import { init, register, locale, waitLocale, getLocaleFromNavigator } from 'svelte-i18n';

const STORAGE_KEY = 'darasa.locale';
export const FALLBACK_LOCALE = 'en';

const loaders = import.meta.glob<{ default: Record<string, unknown> }>('../../locales/*.json');

export const availableLocales: string[] = Object.keys(loaders)
  .map((file) => file.replace(/^.*\/([^/]+)\.json$/, '$1'))
  .sort();

for (const [file, load] of Object.entries(loaders)) {
  const code = file.replace(/^.*\/([^/]+)\.json$/, '$1');
  register(code, () => load().then((module) => module.default));
}

/** The language's name in that language ("Français", "Kiswahili"), for the switcher. */
export function nativeName(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
    return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
  } catch {
    return code;
  }
}

function pickInitialLocale(): string {
  const saved = safeStorage()?.getItem(STORAGE_KEY);
  if (saved && availableLocales.includes(saved)) return saved;
  const fromBrowser = (getLocaleFromNavigator() ?? '').split('-')[0] ?? '';
  return availableLocales.includes(fromBrowser) ? fromBrowser : FALLBACK_LOCALE;
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export async function startI18n(): Promise<void> {
  const initial = pickInitialLocale();
  init({ fallbackLocale: FALLBACK_LOCALE, initialLocale: initial });
  document.documentElement.lang = initial;
  await waitLocale();
}

export async function switchLocale(code: string): Promise<void> {
  if (!availableLocales.includes(code)) return;
  await locale.set(code);
  document.documentElement.lang = code;
  safeStorage()?.setItem(STORAGE_KEY, code);
}
