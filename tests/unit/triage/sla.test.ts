import { describe, expect, it } from 'vitest';
import { Brand } from '../../../shared/config/brand.ts';
import { slaDueAt } from '../../../shared/triage/sla.ts';
import { addBusinessMinutes } from '../../../shared/config/calendar.ts';

const brand = Brand.parse({
  id: 'demo',
  name: 'Demo',
  timezone: 'Europe/Amsterdam',
  businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' },
  holidays: ['2026-12-25', '2026-12-28', '2027-04-27'],
  sla: { default: 60, google: 1440 },
});
const due = (iso: string, minutes = 60) => addBusinessMinutes(brand, new Date(iso), minutes).toISOString();

describe('SLA in business hours', () => {
  it('Friday 17:55 + 60 min → Monday 09:55', () => {
    // 2026-03-13 is a Friday, CET (UTC+1).
    expect(due('2026-03-13T16:55:00Z')).toBe('2026-03-16T08:55:00.000Z');
  });
  it('inside hours it is plain addition; before opening it starts at opening', () => {
    expect(due('2026-03-11T10:00:00Z')).toBe('2026-03-11T11:00:00.000Z');
    expect(due('2026-03-11T05:00:00Z')).toBe('2026-03-11T09:00:00.000Z');
    expect(due('2026-03-11T20:00:00Z')).toBe('2026-03-12T09:00:00.000Z');
  });
  it('a weekend mention is due Monday', () => {
    expect(due('2026-03-14T12:00:00Z')).toBe('2026-03-16T09:00:00.000Z');
  });
  it('skips holidays (Christmas Friday, and the Monday after)', () => {
    // Thu 2026-12-24 17:30 CET: 30 min that day, then Fri 25 and Mon 28 are holidays → Tue 29 09:30 CET.
    expect(due('2026-12-24T16:30:00Z')).toBe('2026-12-29T08:30:00.000Z');
  });
  it('across the spring DST change (last Sunday of March): 09:00 local is 07:00Z after it', () => {
    // Fri 2026-03-27 17:30 CET (16:30Z) + 60 → Mon 2026-03-30 09:30 CEST (07:30Z).
    expect(due('2026-03-27T16:30:00Z')).toBe('2026-03-30T07:30:00.000Z');
  });
  it('across the autumn DST change (last Sunday of October): 09:00 local is 08:00Z after it', () => {
    // Fri 2026-10-23 17:30 CEST (15:30Z) + 60 → Mon 2026-10-26 09:30 CET (08:30Z).
    expect(due('2026-10-23T15:30:00Z')).toBe('2026-10-26T08:30:00.000Z');
  });
  it('multi-day targets (reviews: 1440 business minutes = 2 days 6 hours of 9-hour days)', () => {
    expect(slaDueAt(brand, 'google', new Date('2026-03-09T08:00:00Z')).toISOString()).toBe('2026-03-11T14:00:00.000Z');
    expect(slaDueAt(brand, 'whatsapp', new Date('2026-03-09T08:00:00Z')).toISOString()).toBe('2026-03-09T09:00:00.000Z');
  });
  it('refuses a brand that is never open', () => {
    const closed = Brand.parse({ id: 'closed', name: 'Closed', businessHours: { days: ['mon'], start: '09:00', end: '18:00' }, holidays: [] });
    const everyMonday = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10));
    expect(() => addBusinessMinutes({ ...closed, holidays: everyMonday }, new Date('2026-01-01T00:00:00Z'), 60)).toThrow(/no business hours/);
  });
});
