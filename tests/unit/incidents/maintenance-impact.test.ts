import { describe, expect, it } from 'vitest';
import { crisisIncident } from '../../../shared/flows/crisis.ts';
import { dueStep } from '../../../shared/incidents/maintenance.ts';
import { impactsFrom, type Incident } from '../../../shared/incidents/model.ts';
import { channelQueues } from '../../../shared/incidents/queues.ts';
import { acmeBrands } from './fixtures.ts';

const maintenance = (over: Partial<Incident> = {}): Incident => ({
  id: 'm1',
  brand: 'acme',
  name: 'Onderhoud',
  kind: 'maintenance',
  status: 'scheduled',
  impact: 'maintenance',
  components: { app: 'under_maintenance' },
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T08:00:00.000Z',
  scheduledFor: '2026-12-02T01:00:00.000Z',
  scheduledUntil: '2026-12-02T03:00:00.000Z',
  version: 1,
  ...over,
});

describe('impact "maintenance"', () => {
  it('ranks below minor: a channel at minor or above never gets it, a channel at none does', () => {
    expect(impactsFrom('minor')).toEqual(['minor', 'major', 'critical']);
    expect(impactsFrom('none')).toContain('maintenance');
    expect(impactsFrom('maintenance')).toEqual(['maintenance', 'minor', 'major', 'critical']);
    const policies = channelQueues(acmeBrands()).map((q) => q.filterPolicy as { impact?: string[] });
    expect(policies.some((p) => p.impact?.includes('maintenance'))).toBe(false);
  });

  it('never puts a brand in crisis mode, not even an incident of impact maintenance at the lowest crisis level', () => {
    const brand = { crisis: { minImpact: 'minor' as const } };
    expect(crisisIncident(brand, [maintenance({ status: 'in_progress' })])).toBeUndefined();
    expect(crisisIncident(brand, [maintenance({ kind: 'incident', status: 'investigating' })])).toBeUndefined();
    expect(crisisIncident(brand, [maintenance({ kind: 'incident', status: 'investigating', impact: 'minor' })])?.id).toBe('m1');
  });
});

describe('the maintenance step due now', () => {
  const brand = { maintenance: { remindMinutesBefore: 60 } };
  const at = (iso: string) => new Date(iso);
  it('reminds from an hour before, once; starts at scheduledFor; completes at scheduledUntil', () => {
    expect(dueStep(brand, maintenance(), at('2026-12-01T23:59:59Z'))).toBeUndefined();
    expect(dueStep(brand, maintenance(), at('2026-12-02T00:00:00Z'))).toBe('remind');
    expect(dueStep(brand, maintenance({ remindedAt: '2026-12-02T00:00:00Z' }), at('2026-12-02T00:30:00Z'))).toBeUndefined();
    expect(dueStep(brand, maintenance(), at('2026-12-02T01:00:00Z'))).toBe('start');
    expect(dueStep(brand, maintenance({ status: 'in_progress' }), at('2026-12-02T02:59:00Z'))).toBeUndefined();
    expect(dueStep(brand, maintenance({ status: 'verifying' }), at('2026-12-02T03:00:00Z'))).toBe('complete');
    expect(dueStep(brand, maintenance({ status: 'completed' }), at('2026-12-02T04:00:00Z'))).toBeUndefined();
  });

  it('respects the switches and the brand setting', () => {
    expect(dueStep({ maintenance: { remindMinutesBefore: 0 } }, maintenance(), at('2026-12-02T00:30:00Z'))).toBeUndefined();
    expect(dueStep(brand, maintenance({ scheduledRemindPrior: false }), at('2026-12-02T00:30:00Z'))).toBeUndefined();
    expect(dueStep(brand, maintenance({ autoTransitionToMaintenanceState: false }), at('2026-12-02T01:00:00Z'))).toBeUndefined();
    expect(dueStep(brand, maintenance({ status: 'in_progress', autoTransitionToOperationalState: false }), at('2026-12-02T03:00:00Z'))).toBeUndefined();
    // Missed its start entirely: straight to completed.
    expect(dueStep(brand, maintenance(), at('2026-12-02T03:30:00Z'))).toBe('complete');
    // No end: it stays in progress until someone completes it.
    expect(dueStep(brand, maintenance({ status: 'in_progress', scheduledUntil: undefined }), at('2027-01-01T00:00:00Z'))).toBeUndefined();
    expect(dueStep(brand, maintenance({ kind: 'incident', status: 'investigating' }), at('2026-12-02T01:00:00Z'))).toBeUndefined();
  });
});
