import { describe, expect, it } from 'vitest';
import { matchIncident } from '../../shared/incidents/outage.ts';
import { mentionSpike } from '../../shared/incidents/spike.ts';
import type { Incident } from '../../shared/incidents/model.ts';
import type { Mention } from '../../shared/mention.ts';
import { storeMention, toMention } from '../../shared/store/mentions.ts';
import { demoBrands } from '../support/apps.ts';
import { freshResources } from '../support/emulators.ts';

const now = new Date('2026-11-23T12:00:00Z');
const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();

describe('a spike of mentions during an incident', () => {
  it('is three times the usual quarter-hour volume (and at least five), counted from the table', async () => {
    const { store } = await freshResources('spike');
    let n = 0;
    const write = (minutesAgo: number, fromBrand = false) =>
      storeMention(store, toMention({ platform: 'x', kind: 'mention', externalId: `s${n++}`, accountId: '1', author: { id: `u${n}` }, text: 'ik kan niks meer', createdAt: at(minutesAgo), ...(fromBrand ? { fromBrand } : {}) }, 'demo', at(minutesAgo)));
    for (const m of [30, 50, 70, 90, 110, 130]) await write(m); // a calm baseline: under one per quarter
    for (const m of [1, 2, 3, 4]) await write(m);
    for (const m of [1, 2, 3]) await write(m, true); // the brand's own replies are no customer volume
    expect(await mentionSpike(store, 'demo', now)).toBe(false);
    await write(5);
    expect(await mentionSpike(store, 'demo', now)).toBe(true);
  });

  it('ties an unnamed complaint to the one active incident only when there is a spike', () => {
    const brand = demoBrands().byId('demo')!;
    const incident = { id: 'inc-s', brand: 'demo', kind: 'incident', status: 'investigating', components: { payments: 'major_outage' } } as unknown as Incident;
    const complaint = { id: 'm', brand: 'demo', text: 'Ik kan helemaal niks meer, belachelijk', intent: 'complaint', sentiment: { label: 'negative', score: -2 } } as Mention;
    expect(matchIncident(brand, complaint, [incident])).toBeUndefined();
    expect(matchIncident(brand, complaint, [incident], { spike: true })?.id).toBe('inc-s');
    const praise = { ...complaint, text: 'Top geholpen!', intent: 'compliment', sentiment: { label: 'positive', score: 2 } } as Mention;
    expect(matchIncident(brand, praise, [incident], { spike: true })).toBeUndefined();
  });
});
