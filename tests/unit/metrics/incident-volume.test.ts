import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/incidents/model.ts';
import type { Mention } from '../../../shared/mention.ts';
import { incidentVolume, volumeWindow } from '../../../shared/metrics/incident-volume.ts';
import { incidentImpact } from '../../../shared/metrics/incidents.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 12, 0) + minutes * 60_000).toISOString();
const mention = (minutes: number, over: Partial<Mention> = {}) => ({ id: `m${minutes}`, createdAt: at(minutes), ...over }) as Mention;
const incident = { id: 'inc-1', name: 'App login down', kind: 'incident', createdAt: at(0) } as Incident;

describe('the incident page\'s complaints chart', () => {
  const mentions = [
    ...[-50, -30, -20, -10, -5, -1].map((m) => mention(m)),
    mention(-90), // before the window
    ...[5, 40].map((m) => mention(m, { incidentId: 'inc-1' })),
    mention(-12, { intent: 'complaint' }),
    mention(7, { sentiment: { label: 'negative', score: -0.7, confidence: 0.9 } } as Partial<Mention>),
    mention(30, { fromBrand: true }), // the brand's own reply is no customer volume
    mention(61), // after the window
  ];

  it('counts customer mentions in ten-minute buckets from the hour before to the hour after', () => {
    const v = incidentVolume(incident, mentions, new Date(at(24 * 60)));
    expect(v.bucketMinutes).toBe(10);
    expect(v.buckets).toHaveLength(12);
    expect(v.buckets[0]).toEqual({ from: at(-60), to: at(-50), count: 0, complaints: 0, side: 'before' });
    expect(v.buckets.map((b) => b.count)).toEqual([0, 1, 0, 1, 2, 3, 2, 0, 0, 0, 1, 0]);
    expect(v.buckets.map((b) => b.complaints)).toEqual([0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]);
    expect(v.buckets.map((b) => b.side)).toEqual([...Array(6).fill('before'), ...Array(6).fill('after')]);
  });

  it('says what /api/metrics says: the same before, after and ratio', () => {
    const v = incidentVolume(incident, mentions, new Date(at(24 * 60)));
    expect(v.impact).toEqual(incidentImpact([incident], mentions)[0]);
    expect(v.impact).toMatchObject({ volumeBefore: 7, volumeAfter: 3, afterBeforeRatio: 0.43, complaintsBefore: 1, complaintsAfter: 1 });
    expect(v.buckets.filter((b) => b.side === 'before').reduce((n, b) => n + b.count, 0)).toBe(v.impact.volumeBefore);
    expect(v.buckets.filter((b) => b.side === 'after').reduce((n, b) => n + b.count, 0)).toBe(v.impact.volumeAfter);
  });

  it('stops at now while the hour after is still running, with at least one bucket after', () => {
    expect(incidentVolume(incident, mentions, new Date(at(25))).buckets).toHaveLength(9);
    expect(incidentVolume(incident, mentions, new Date(at(0))).buckets).toHaveLength(7);
  });

  it('reads the two hours around the first broadcast', () => {
    expect(volumeWindow(incident)).toEqual({ from: at(-60), to: at(60) });
  });
});
