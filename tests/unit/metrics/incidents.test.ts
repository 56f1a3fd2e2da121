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
});
