import { DateTime } from 'luxon';
import type { Brand } from '../config/brand.ts';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * The first moment at or after `at` inside the brand's business hours, in the brand's time
 * zone, skipping its holidays: a follow-up planned for Saturday 03:00 goes out Monday at opening.
 * Luxon does the zone arithmetic, so DST days keep their wall-clock opening time.
 */
export function nextBusinessTime(brand: Pick<Brand, 'timezone' | 'businessHours' | 'holidays'>, at: Date): Date {
  const { days, start, end } = brand.businessHours;
  const [sh, sm] = start.split(':').map(Number) as [number, number];
  const [eh, em] = end.split(':').map(Number) as [number, number];
  const holidays = new Set(brand.holidays);
  let t = DateTime.fromJSDate(at, { zone: brand.timezone });
  // Two weeks is more than any sane calendar closes; past that the brand config is wrong.
  for (let i = 0; i < 15; i++) {
    const open = t.set({ hour: sh, minute: sm, second: 0, millisecond: 0 });
    const close = t.set({ hour: eh, minute: em, second: 0, millisecond: 0 });
    const businessDay = days.includes(WEEKDAYS[t.weekday - 1]!) && !holidays.has(t.toISODate()!);
    if (businessDay && t < close) return (t < open ? open : t).toJSDate();
    t = t.plus({ days: 1 }).set({ hour: sh, minute: sm, second: 0, millisecond: 0 });
  }
  return at;
}
