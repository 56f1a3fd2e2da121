import { describe, expect, it } from 'vitest';
import type { IncidentUpdate } from '../../../shared/incidents/model.ts';
import type { IncidentView } from '../../../shared/status-page/snapshot.ts';
import { componentUptime } from '../../../shared/status-page/uptime.ts';

const brand = { timezone: 'Europe/Amsterdam' };

/** An incident from its updates: [at, status, components]. */
function incident(id: string, kind: 'incident' | 'maintenance', steps: Array<[string, string, Record<string, string>]>): IncidentView {
  const updates = steps.map(([at, status, components], i) => ({ id: `${id}-${i}`, incidentId: id, at, status, components, previous: {} }) as unknown as IncidentUpdate);
  const last = steps.at(-1)!;
  return { id, brand: 'acme', name: id, kind, status: last[1], impact: 'major', components: last[2], createdAt: steps[0]![0], updatedAt: last[0], version: 1, updates } as IncidentView;
}

describe('90-day uptime per component (fixed clock)', () => {
  // Local time Amsterdam (UTC+1 in winter): the clock stands mid-afternoon on 1 December.
  const now = new Date('2026-12-01T14:00:00Z');

  it('one whole day of major_outage in 90 shows 98.89 %, whatever the hour of today', () => {
    // 1 November local: 2026-10-31T23:00Z to 2026-11-01T23:00Z.
    const outage = incident('i1', 'incident', [
      ['2026-10-31T23:00:00.000Z', 'investigating', { app: 'major_outage' }],
      ['2026-11-01T23:00:00.000Z', 'resolved', { app: 'operational' }],
    ]);
    const up = componentUptime(brand, [outage], 'app', now);
    expect(up.days).toHaveLength(90);
    expect(up.days.at(-1)!.date).toBe('2026-12-01');
    expect(up.days[0]!.date).toBe('2026-09-03');
    const bad = up.days.filter((d) => d.worst !== 'operational');
    expect(bad).toEqual([{ date: '2026-11-01', worst: 'major_outage', uptime: 0 }]);
    expect(up.percent).toBe(98.89);
    expect(componentUptime(brand, [outage], 'app', new Date('2026-12-01T22:59:00Z')).percent).toBe(98.89);
    expect(componentUptime(brand, [outage], 'website', now).percent).toBe(100);
  });

  it('weighs a partial outage 30 %, degraded performance 0 %, and colours the day by its worst state', () => {
    const mixed = incident('i2', 'incident', [
      ['2026-11-10T11:00:00.000Z', 'investigating', { app: 'degraded_performance' }],
      ['2026-11-10T17:00:00.000Z', 'identified', { app: 'partial_outage' }],
      ['2026-11-10T23:00:00.000Z', 'resolved', { app: 'operational' }],
    ]);
    const day = componentUptime(brand, [mixed], 'app', now).days.find((d) => d.date === '2026-11-10')!;
    expect(day.worst).toBe('partial_outage');
    // 6 hours at 30 % down of 24: 1.8 hours down.
    expect(day.uptime).toBeCloseTo(1 - 1.8 / 24, 6);
  });

  it('takes the worst of two overlapping incidents, and counts an open incident until now', () => {
    const a = incident('a', 'incident', [['2026-12-01T08:00:00.000Z', 'investigating', { app: 'partial_outage' }]]);
    const b = incident('b', 'incident', [
      ['2026-12-01T09:00:00.000Z', 'investigating', { app: 'major_outage' }],
      ['2026-12-01T10:00:00.000Z', 'resolved', { app: 'operational' }],
    ]);
    const today = componentUptime(brand, [a, b], 'app', now).days.at(-1)!;
    expect(today.worst).toBe('major_outage');
    // Today so far: 23:00Z..14:00Z = 15 h; 1 h major + 5 h partial (08-09, 10-14) at 30 %.
    expect(today.uptime).toBeCloseTo(1 - (1 + 5 * 0.3) / 15, 6);
  });

  it('counts a maintenance only while it is in progress, as up, and shows it on the bar', () => {
    const m = incident('m', 'maintenance', [
      ['2026-11-20T08:00:00.000Z', 'scheduled', { app: 'under_maintenance' }],
      ['2026-11-21T01:00:00.000Z', 'in_progress', { app: 'under_maintenance' }],
      ['2026-11-21T03:00:00.000Z', 'completed', { app: 'operational' }],
    ]);
    const up = componentUptime(brand, [m], 'app', now);
    expect(up.days.filter((d) => d.worst !== 'operational').map((d) => [d.date, d.worst])).toEqual([['2026-11-21', 'under_maintenance']]);
    expect(up.percent).toBe(100);
  });
});
