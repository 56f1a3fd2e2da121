import { DateTime } from 'luxon';
import type { Brand } from '../config/brand.ts';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** The brand's first-response target for a channel, in business minutes. */
export function slaMinutes(brand: Brand, platform: string): number {
  return brand.sla[platform] ?? brand.sla.default ?? 60;
}

/**
 * When `minutes` of the brand's business time have passed after `from`: the clock only runs
 * on business days, between start and end, in the brand's time zone, never on its holidays.
 * Wall-clock arithmetic in that zone (luxon) keeps DST days right: a 09:00 start is 09:00
 * local on the Monday after the clocks change, whatever the UTC offset.
 */
export function slaDueAt(brand: Brand, platform: string, from: Date): Date {
  return addBusinessMinutes(brand, from, slaMinutes(brand, platform));
}

export function addBusinessMinutes(brand: Brand, from: Date, minutes: number): Date {
  const { start, end, days } = brand.businessHours;
  const open = new Set(days);
  const holidays = new Set(brand.holidays);
  const [sh, sm] = start.split(':').map(Number) as [number, number];
  const [eh, em] = end.split(':').map(Number) as [number, number];
  let t = DateTime.fromJSDate(from, { zone: brand.timezone });
  let left = minutes;
  // A year of closed days is a misconfiguration, not a due date.
  for (let day = 0; day < 370; day++) {
    const dayStart = t.set({ hour: sh, minute: sm, second: 0, millisecond: 0 });
    const dayEnd = t.set({ hour: eh, minute: em, second: 0, millisecond: 0 });
    const businessDay = open.has(WEEKDAYS[t.weekday - 1]!) && !holidays.has(t.toISODate()!);
    if (businessDay && t < dayEnd) {
      if (t < dayStart) t = dayStart;
      const available = dayEnd.diff(t, 'minutes').minutes;
      if (left <= available) return t.plus({ minutes: left }).toJSDate();
      left -= available;
    }
    t = t.plus({ days: 1 }).startOf('day');
  }
  throw new Error(`brand ${brand.id}: no business hours within a year, check businessHours and holidays`);
}
