import type { ConsoleLang } from './i18n.ts';

/**
 * Dates, numbers and relative times for the console, per locale and in the brand's time zone.
 * Intl formatters are costly to build, so each (locale, zone) pair is built once.
 */
const LOCALES: Record<ConsoleLang, string> = { en: 'en-GB', nl: 'nl-NL' };
const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();

function once<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** "1 Dec 2026, 09:15" / "1 dec 2026, 09:15" in the brand's zone. */
export function dateTime(lang: ConsoleLang, timeZone: string, iso: string): string {
  const f = once(`dt|${lang}|${timeZone}`, () => new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone }));
  return f.format(new Date(iso));
}

/** "09:15" in the brand's zone, for times within a conversation of today. */
export function time(lang: ConsoleLang, timeZone: string, iso: string): string {
  return once(`t|${lang}|${timeZone}`, () => new Intl.DateTimeFormat(LOCALES[lang], { timeStyle: 'short', timeZone })).format(new Date(iso));
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 23 minutes" / "over 23 minuten", "5 minutes ago" / "5 minuten geleden". */
export function relative(lang: ConsoleLang, iso: string, now: Date): string {
  const diff = Date.parse(iso) - now.getTime();
  const rtf = once(`rt|${lang}`, () => new Intl.RelativeTimeFormat(LOCALES[lang], { numeric: 'auto' }));
  for (const [unit, ms] of UNITS) if (Math.abs(diff) >= ms) return rtf.format(Math.trunc(diff / ms), unit);
  return rtf.format(Math.trunc(diff / 60_000), 'minute');
}

export function number(lang: ConsoleLang, n: number, style: 'decimal' | 'percent' = 'decimal'): string {
  return once(`n|${lang}|${style}`, () => new Intl.NumberFormat(LOCALES[lang], { style, maximumFractionDigits: style === 'percent' ? 0 : 2 })).format(n);
}

export const localeOf = (lang: ConsoleLang) => LOCALES[lang];
