import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/incidents/model.ts';
import type { Mention } from '../../../shared/mention.ts';
import { incidentImpact } from '../../../shared/metrics/incidents.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 12, 0) + minutes * 60_000).toISOString();
const mention = (minutes: number, over: Partial<Mention> = {}) => ({ id: `m${minutes}`, createdAt: at(minutes), ...over }) as Mention;
const incident = { id: 'inc-1', name: 'App login down', kind: 'incident', createdAt: at(0) } as Incident;

describe('incident deflection in the metrics', () => {
  it('counts tagged mentions and compares the hour before the first broadcast with the hour after', () => {
    const mentions = [
      ...[-50, -30, -20, -10, -5, -1].map((m) => mention(m)),
      mention(-90), // outside the window
      ...[5, 40].map((m) => mention(m, { incidentId: 'inc-1' })),
      mention(30, { fromBrand: true }), // the brand's own reply is no customer volume
      mention(61),
    ];
    const [impact] = incidentImpact([incident, { ...incident, id: 'maint', kind: 'maintenance' } as Incident], mentions);
    expect(impact).toMatchObject({ id: 'inc-1', mentions: 2, volumeBefore: 6, volumeAfter: 2, afterBeforeRatio: 0.33 });
  });

  it('has no ratio when nothing came in before', () => {
    expect(incidentImpact([incident], [mention(10)])[0]!.afterBeforeRatio).toBeNull();
  });

  it('counts complaints (intent complaint or negative sentiment) before and after, and the window in 10-minute buckets', () => {
    const negative = { label: 'negative', score: -0.7 } as const;
    const mentions = [
      mention(-55, { intent: 'complaint' }), // bucket 0
      mention(-45, { sentiment: negative }), // bucket 1
      mention(-41, { intent: 'question' }), // bucket 1, no complaint
      mention(-1, { intent: 'complaint', sentiment: negative }), // bucket 5, one complaint
      mention(0, { intent: 'complaint' }), // bucket 6: the broadcast's minute is "after"
      mention(25, { intent: 'compliment' }), // bucket 8
      mention(59, { sentiment: negative }), // bucket 11
      mention(60, { intent: 'complaint' }), // outside
      mention(-61, { intent: 'complaint' }), // outside
      mention(-30, { intent: 'complaint', fromBrand: true }), // the brand's own
    ];
    const [impact] = incidentImpact([incident], mentions);
    expect(impact).toMatchObject({ volumeBefore: 4, volumeAfter: 3, complaintsBefore: 3, complaintsAfter: 2 });
    expect(impact!.series).toHaveLength(12);
    expect(impact!.series[0]!.start).toBe(at(-60));
    expect(impact!.series[6]!.start).toBe(at(0));
    expect(impact!.series.map((b) => b.mentions)).toEqual([1, 2, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1]);
    expect(impact!.series.map((b) => b.complaints)).toEqual([1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1]);
  });

  it('an incident with no mentions around it has zeros throughout', () => {
    const [impact] = incidentImpact([incident], []);
    expect(impact).toMatchObject({ mentions: 0, volumeBefore: 0, volumeAfter: 0, complaintsBefore: 0, complaintsAfter: 0, afterBeforeRatio: null });
    expect(impact!.series.every((b) => b.mentions === 0 && b.complaints === 0)).toBe(true);
  });
});
