// Numbers and times as the central office reads them, in the chosen language.
export function formatTime(iso: string | null, locale: string | null | undefined): string | null {
  if (!iso) return null;
  return new Intl.DateTimeFormat(locale ?? 'en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatNumber(value: number | null, locale: string | null | undefined): string {
  return value === null ? '—' : new Intl.NumberFormat(locale ?? 'en', { maximumFractionDigits: 2 }).format(value);
}

export function formatBytes(bytes: number | null | undefined, locale: string | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale ?? 'en', { maximumFractionDigits: 1 }).format(value)} ${units[unit]}`;
}
