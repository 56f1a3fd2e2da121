import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../shared/store/client.ts';
import { storeMention, toMention } from '../../shared/store/mentions.ts';
import { writeTriage } from '../../shared/store/mention-triage.ts';
import { classify } from '../../shared/triage/classify.ts';
import type { Resources } from '../../local/stack.ts';
import { apiApp, auth } from '../support/api.ts';
import { demoBrands } from '../support/apps.ts';
import { freshResources } from '../support/emulators.ts';

let store: Store;
let resources: Resources;
const brand = demoBrands().byId('demo')!;

/** A customer mention stored and triaged as the pipeline would, `minutesAgo` before now. */
async function customer(n: number, text: string, platform: string, minutesAgo: number, incidentId?: string) {
  const createdAt = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const m = toMention({ platform, kind: 'comment', externalId: `metrics-${n}`, accountId: 'a', author: { id: `u${n}` }, text, createdAt }, 'demo', createdAt);
  await storeMention(store, m);
  const t = classify(m, brand, { now: new Date(createdAt) });
  await writeTriage(store, m.id, { ...t, caseId: `case-${m.id}`, incidentId });
}

beforeAll(async () => {
  ({ store, resources } = await freshResources('metrics'));
});

describe('GET /api/metrics', () => {
  it('shows volume, the open backlog per team, mentions per incident and the volume around its broadcast', async () => {
    const api = apiApp(store, resources);
    await customer(1, 'De app werkt niet, storing?!', 'x', 50);
    await customer(2, 'Kan niet inloggen in de app, weer een storing', 'facebook', 40);
    await customer(3, 'Waarom is mijn factuur zo hoog?', 'facebook', 30);
    const opened = await api.request('/api/incidents', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ brand: 'demo', name: 'Inloggen in de app lukt niet', status: 'investigating', impact: 'major', components: { app: 'major_outage' }, message: { nl: 'We onderzoeken een storing bij inloggen.', en: 'We are investigating a login outage.' } }),
    });
    expect(opened.status).toBe(201);
    const { id } = (await opened.json()) as { id: string };
    await customer(4, 'App doet het nog steeds niet', 'x', 0, id);

    const res = await api.request('/api/metrics?brand=demo', { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      volume: { total: number; byPlatform: Record<string, number> };
      open: { total: number; byTeam: Record<string, number> };
      incidents: Array<{ id: string; mentions: number; volumeBefore: number; volumeAfter: number }>;
      effect: { thankYous: { sent: number } };
      series: { bucket: string; timeZone: string; starts: string[]; byPlatform: Record<string, number[]> };
    };
    expect(body.volume.total).toBe(4);
    expect(body.volume.byPlatform).toEqual({ x: 2, facebook: 2 });
    expect(body.open.total).toBe(4);
    expect(body.open.byTeam.outage).toBeGreaterThanOrEqual(2);
    expect(body.open.byTeam.billing).toBe(1);
    expect(body.incidents).toEqual([expect.objectContaining({ id, mentions: 1, volumeBefore: 3, volumeAfter: 1 })]);
    expect(body.effect.thankYous.sent).toBe(0);
    // The same volume over time: 7 days in daily buckets on the brand's clock, summing to the totals.
    expect(body.series).toMatchObject({ bucket: 'day', timeZone: brand.timezone });
    expect(body.series.starts.length).toBeGreaterThanOrEqual(7);
    expect(body.series.starts.length).toBeLessThanOrEqual(8);
    expect(Object.fromEntries(Object.entries(body.series.byPlatform).map(([k, v]) => [k, v.reduce((a, b) => a + b, 0)]))).toEqual(body.volume.byPlatform);
  });
});
