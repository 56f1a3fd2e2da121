import { DateTime } from 'luxon';
import type { Brand } from './brand.ts';

/**
 * The brand's business calendar: opening hours on its days, in its time zone, never on its
 * holidays. SLA clocks (triage, cases), follow-ups and the status page's response time all count
 * in it.
 */

/** The first moment at or after `at` inside business hours (a follow-up planned for Saturday goes Monday at opening). */
export const nextBusinessTime = (brand: Brand, at: Date): Date => addBusinessMinutes(brand, at, 0);

/**
 * When `minutes` of the brand's business time have passed after `from`: the clock only runs
 * on business days, between start and end, in the brand's time zone, never on its holidays.
 * Each day's opening and closing instant comes from luxon's wall-clock arithmetic in that
 * zone, so DST days are right (09:00 is 09:00 local on the Monday after the change).
 */
export function addBusinessMinutes(brand: Brand, from: Date, minutes: number): Date {
  const cal = calendarOf(brand);
  let t = from.getTime();
  let left = minutes * 60_000;
  let date = cal.localDate(t);
  // A year of closed days is a misconfiguration, not a due date.
  for (let day = 0; day < 370; day++) {
    const w = cal.window(date);
    if (w && t < w.end) {
      if (t < w.start) t = w.start;
      if (left <= w.end - t) return new Date(t + left);
      left -= w.end - t;
    }
    date = nextDate(date);
    t = 0;
  }
  throw new Error(`brand ${brand.id}: no business hours within a year, check businessHours and holidays`);
}

interface Window {
  start: number;
  end: number;
}

/**
 * Luxon is exact but costs microseconds a call; triage runs tens of thousands a second. So each
 * brand keeps its business windows per local date, and the local date per quarter hour of UTC
 * (every zone offset in use is a multiple of 15 minutes), computed once each.
 */
interface Calendar {
  localDate(ms: number): string;
  window(date: string): Window | null;
}

const calendars = new WeakMap<Brand, Calendar>();
const QUARTER = 900_000;
const CACHE_LIMIT = 50_000;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function calendarOf(brand: Brand): Calendar {
  let cal = calendars.get(brand);
  if (cal) return cal;
  const { timezone: zone, businessHours } = brand;
  const open = new Set<string>(businessHours.days);
  const holidays = new Set(brand.holidays);
  const [sh, sm] = businessHours.start.split(':').map(Number) as [number, number];
  const [eh, em] = businessHours.end.split(':').map(Number) as [number, number];
  const dates = new Map<number, string>();
  const windows = new Map<string, Window | null>();
  cal = {
    localDate(ms) {
      const bucket = Math.floor(ms / QUARTER);
      let date = dates.get(bucket);
      if (date === undefined) {
        if (dates.size > CACHE_LIMIT) dates.clear();
        date = DateTime.fromMillis(bucket * QUARTER, { zone }).toISODate()!;
        dates.set(bucket, date);
      }
      return date;
    },
    window(date) {
      let w = windows.get(date);
      if (w === undefined) {
        if (windows.size > CACHE_LIMIT) windows.clear();
        const [year, month, day] = date.split('-').map(Number) as [number, number, number];
        const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
        const at = (hour: number, minute: number) => DateTime.fromObject({ year, month, day, hour, minute }, { zone }).toMillis();
        w = open.has(weekday) && !holidays.has(date) ? { start: at(sh, sm), end: at(eh, em) } : null;
        windows.set(date, w);
      }
      return w;
    },
  };
  calendars.set(brand, cal);
  return cal;
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Business minutes between two instants (0 when `to` is not after `from`): how long a paused clock stood still. */
export function businessMinutesBetween(brand: Brand, from: Date, to: Date): number {
  const cal = calendarOf(brand);
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  const last = cal.localDate(end);
  let total = 0;
  let date = cal.localDate(start);
  // Ten years of days at most: a pause longer than that is not a clock worth keeping.
  for (let day = 0; day < 3700; day++) {
    const w = cal.window(date);
    if (w) total += Math.max(0, Math.min(end, w.end) - Math.max(start, w.start));
    if (date >= last) break;
    date = nextDate(date);
  }
  return total / 60_000;
}
