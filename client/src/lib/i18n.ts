// Every string the user sees goes through svelte-i18n (ICU MessageFormat, so
// plurals and genders translate properly). Locale files are loaded lazily, one
// per language, from client/locales/; the workstation's choice is kept in
// localStorage so the next learner at the same machine starts in it.
import { init, register, locale, waitLocale, getLocaleFromNavigator } from 'svelte-i18n';

const STORAGE_KEY = 'darasa.locale';
export const FALLBACK_LOCALE = 'en';

// Strings are split by area (locales/<code>.json for the shell, locales/<area>/<code>.json
// for the rest) so that people working on different areas never edit the same file;
// svelte-i18n merges every file registered for a language.
const loaders = import.meta.glob<{ default: Record<string, unknown> }>('../../locales/**/*.json');
const codeOf = (file: string) => file.replace(/^.*\/([^/]+)\.json$/, '$1');

/** Languages with a shell file: a language is offered once its main strings exist. */
export const availableLocales: string[] = Object.keys(loaders)
  .filter((file) => /\/locales\/[^/]+\.json$/.test(file))
  .map(codeOf)
  .sort();

for (const [file, load] of Object.entries(loaders)) {
  register(codeOf(file), () => load().then((module) => module.default));
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

/** The workstation's saved choice first, then the hub's default language (set
 * at setup: a truck in Senegal starts in French whatever the refurbished PCs
 * say), then the browser's language. */
function pickInitialLocale(hubDefault?: string | null): string {
  const saved = safeStorage()?.getItem(STORAGE_KEY);
  if (saved && availableLocales.includes(saved)) return saved;
  if (hubDefault && availableLocales.includes(hubDefault)) return hubDefault;
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

export async function startI18n(hubDefault?: string | null): Promise<void> {
  const initial = pickInitialLocale(hubDefault);
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
