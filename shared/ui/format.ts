/**
 * Dates, numbers and relative times, per locale and in the brand's time zone, for the console and
 * the public status page alike. Intl formatters are costly to build, so each (kind, locale, zone)
 * is built once.
 */
export type UiLang = 'en' | 'nl';

const LOCALES: Record<UiLang, string> = { en: 'en-GB', nl: 'nl-NL' };
const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();

function once<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** "1 Dec 2026, 09:15" / "1 dec 2026, 09:15" in the brand's zone. */
export function dateTime(lang: UiLang, timeZone: string, iso: string): string {
  const f = once(`dt|${lang}|${timeZone}`, () => new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone }));
  return f.format(new Date(iso));
}

/** "09:15" in the brand's zone, for times within a conversation of today. */
export function time(lang: UiLang, timeZone: string, iso: string): string {
  return once(`t|${lang}|${timeZone}`, () => new Intl.DateTimeFormat(LOCALES[lang], { timeStyle: 'short', timeZone })).format(new Date(iso));
}

/** "Monday" / "maandag" in the brand's zone. */
export function weekday(lang: UiLang, timeZone: string, iso: string): string {
  return once(`wd|${lang}|${timeZone}`, () => new Intl.DateTimeFormat(LOCALES[lang], { weekday: 'long', timeZone })).format(new Date(iso));
}

/** "30 Nov 2026" / "30 nov 2026" in the given zone. */
export function date(lang: UiLang, timeZone: string, iso: string): string {
  return once(`d|${lang}|${timeZone}`, () => new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'short', year: 'numeric', timeZone })).format(new Date(iso));
}

/** The calendar day "2026-11-30" in the given zone, to compare days. */
export function calendarDay(timeZone: string, at: Date): string {
  return once(`cd|${timeZone}`, () => new Intl.DateTimeFormat('en-CA', { timeZone })).format(at);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 23 minutes" / "over 23 minuten", "5 minutes ago" / "5 minuten geleden". */
export function relative(lang: UiLang, iso: string, now: Date): string {
  const diff = Date.parse(iso) - now.getTime();
  const rtf = once(`rt|${lang}`, () => new Intl.RelativeTimeFormat(LOCALES[lang], { numeric: 'auto' }));
  for (const [unit, ms] of UNITS) if (Math.abs(diff) >= ms) return rtf.format(Math.trunc(diff / ms), unit);
  return rtf.format(Math.trunc(diff / 60_000), 'minute');
}

export function number(lang: UiLang, n: number, style: 'decimal' | 'percent' = 'decimal'): string {
  return once(`n|${lang}|${style}`, () => new Intl.NumberFormat(LOCALES[lang], { style, maximumFractionDigits: style === 'percent' ? 0 : 2 })).format(n);
}

/** Exactly `digits` decimals: "99.72" / "99,72". */
export function fixed(lang: UiLang, n: number, digits: number): string {
  return once(`f|${lang}|${digits}`, () => new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits })).format(n);
}

export const localeOf = (lang: UiLang) => LOCALES[lang];
