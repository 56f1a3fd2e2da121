import { describe, expect, it } from 'vitest';
import { officeHours } from '../../../shared/incidents/response-time.ts';
import { demoBrands } from '../../support/apps.ts';

/** The demo brand: Monday to Friday 09:00-18:00 Amsterdam, closed on 25 and 26 December. */
const brand = demoBrands().byId('demo')!;

describe('office hours on the status page: "we answer again from 09:00"', () => {
  it('is open inside business hours', () => {
    expect(officeHours(brand, new Date('2026-12-01T10:00:00Z'))).toEqual({ open: true });
  });

  it('reopens the next morning at 09:00 local, after the weekend on Friday night, after the holidays at Christmas', () => {
    expect(officeHours(brand, new Date('2026-11-30T20:00:00Z'))).toEqual({ open: false, reopensAt: '2026-12-01T08:00:00.000Z' });
    expect(officeHours(brand, new Date('2026-12-04T19:00:00Z')).reopensAt).toBe('2026-12-07T08:00:00.000Z');
    expect(officeHours(brand, new Date('2026-12-24T18:00:00Z')).reopensAt).toBe('2026-12-28T08:00:00.000Z');
    // Before opening on a working day: the same day.
    expect(officeHours(brand, new Date('2026-12-01T06:30:00Z')).reopensAt).toBe('2026-12-01T08:00:00.000Z');
  });
});
