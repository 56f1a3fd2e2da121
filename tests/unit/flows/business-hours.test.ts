import { describe, expect, it } from 'vitest';
import { nextBusinessTime } from '../../../shared/config/calendar.ts';
import { brand } from './fixtures.ts';

const demo = brand({ holidays: ['2026-12-25', '2026-12-28'] });
const at = (iso: string) => nextBusinessTime(demo, new Date(iso)).toISOString();

describe('follow-ups inside business hours (Europe/Amsterdam, mon-fri 09:00-18:00)', () => {
  it('keeps a time inside hours', () => {
    expect(at('2026-11-17T10:15:00Z')).toBe('2026-11-17T10:15:00.000Z');
  });
  it('moves an early morning to opening, local time', () => {
    expect(at('2026-11-17T05:00:00Z')).toBe('2026-11-17T08:00:00.000Z');
  });
  it('moves Friday evening and the weekend to Monday opening', () => {
    expect(at('2026-11-20T18:30:00Z')).toBe('2026-11-23T08:00:00.000Z');
    expect(at('2026-11-22T12:00:00Z')).toBe('2026-11-23T08:00:00.000Z');
  });
  it('skips holidays', () => {
    // Thu 24 Dec 20:00 → Fri 25 holiday → weekend → Mon 28 holiday → Tue 29 09:00 CET.
    expect(at('2026-12-24T19:00:00Z')).toBe('2026-12-29T08:00:00.000Z');
  });
  it('keeps the wall-clock opening across DST (summer time is UTC+2)', () => {
    expect(at('2026-03-28T12:00:00Z')).toBe('2026-03-30T07:00:00.000Z');
  });
});
