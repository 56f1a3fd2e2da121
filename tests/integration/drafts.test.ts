import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/api/app.ts';
import type { MentionTriaged } from '../../shared/bus/events.ts';
import { createSqs } from '../../shared/bus/clients.ts';
import type { QueueSpec } from '../../shared/bus/topology.ts';
import { indexBrands, parseConfig } from '../../shared/config/load.ts';
import { outageReplies } from '../../shared/incidents/outage-reply.ts';
import type { Mention } from '../../shared/mention.ts';
import type { Store } from '../../shared/store/client.ts';
import { storeMention } from '../../shared/store/mentions.ts';
import { ADMIN, apiContext } from '../support/api.ts';
import { endpoints, freshResources } from '../support/emulators.ts';

/** Every publish to status-updates: the published draft's first broadcast. */
const tap: QueueSpec = { name: 'tap', topic: 'statusUpdates', fn: 'none', maxReceiveCount: 5, visibilityTimeoutSeconds: 30 };

const brands = indexBrands(
  parseConfig({
    brands: [
      {
        id: 'acme',
        name: 'Acme Energie',
        accounts: { x: ['111'] },
        components: [{ id: 'app', name: 'Mobile app', names: { nl: 'Mobiele app' } }, { id: 'website', name: 'Website' }, { id: 'payments', name: 'Betalen' }],
        drafts: { minComplaints: 5, windowMinutes: 15, factor: 3 },
      },
      { id: 'other', name: 'Other', components: [{ id: 'app', name: 'App' }] },
    ],
  }),
);

const NOW = new Date('2026-12-01T12:00:00Z');
let seq = 0;
function complaint(minutesAgo: number, text: string, over: Partial<Mention> = {}): Mention {
  const n = seq++;
  const at = new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();
  return {
    id: `x-d${n}`, brand: 'acme', brandKnown: true, platform: 'x', kind: 'mention', externalId: `2900000000000${n}`, accountId: '111', conversationId: `x-dc${n}`,
    author: { id: `u${n}`, handle: `u${n}` }, text, lang: 'nl', createdAt: at, receivedAt: at, status: 'open', intent: 'complaint', sentiment: { label: 'negative', score: -3 },
    ...over,
  };
}

describe('drafts from the crowd (DynamoDB Local, fauxqs)', () => {
  let store: Store;
  let app: Hono;
  let consume: (e: MentionTriaged) => Promise<void>;
  let tapUrl = '';
  const sqs = createSqs(endpoints().fauxqs);
  const call = (method: string, path: string, body?: unknown, token = ADMIN) =>
    app.request(path, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  const drafts = async (brand = 'acme', token = ADMIN) => (await (await call('GET', `/api/incidents/drafts?brand=${brand}`, undefined, token)).json()) as { items: Array<Record<string, any>> };
  /** As the outage-reply queue delivers them: stored first, then the triaged event (several consumers at once). */
  const arrive = async (mentions: Mention[]) => {
    for (const m of mentions) await storeMention(store, m);
    await Promise.all(mentions.map((m) => consume({ type: 'mention.triaged', mentionId: m.id } as MentionTriaged)));
  };

  beforeAll(async () => {
    const fresh = await freshResources('drafts', [tap]);
    store = fresh.store;
    tapUrl = fresh.resources.queues[0]!.url;
    app = createApiApp({ ...apiContext(store, fresh.resources, () => NOW), brands });
    // cacheMs 0: each complaint sees the incidents as they are now.
    consume = outageReplies({ store, brands, publicUrl: 'https://status.example', now: () => NOW, sendReply: async () => {}, cacheMs: 0 });
  });

  it('N complaints naming one component within the window give one draft, not N, with the first complaints as evidence', async () => {
    const calm = [140, 120, 100].map((m) => complaint(m, 'De app doet raar'));
    await arrive(calm);
    const spike = [14, 12, 9, 7, 6, 5, 4, 3, 2, 1].map((m) => complaint(m, 'De Mobiele app werkt niet, ik kan niet inloggen!'));
    await arrive(spike.slice(0, 4));
    expect((await drafts()).items).toEqual([]);
    await arrive(spike.slice(4)); // six more at once: the fifth complaint crosses the threshold, the rest find the lock
    await arrive(spike.slice(4)); // redelivered: counted once
    const { items } = await drafts();
    expect(items).toHaveLength(1);
    const draft = items[0]!;
    expect(draft).toMatchObject({ brand: 'acme', component: 'app', state: 'open', firstComplaintAt: spike[0]!.createdAt });
    expect(draft.evidence.map((e: { mentionId: string }) => e.mentionId)).toEqual(spike.slice(0, 5).map((m) => m.id));
    expect(draft.evidence[0].text).toBe('De Mobiele app werkt niet, ik kan niet inloggen!');
    expect(['minor', 'major']).toContain(draft.impact);
  });

  it('proposes nothing for praise, or while an incident is open', async () => {
    await arrive([0.5, 0.4, 0.3, 0.2, 0.1].map((m) => complaint(m, 'Betalen gaat super!', { intent: 'compliment', sentiment: { label: 'positive', score: 3 } })));
    const open = await call('POST', '/api/incidents', { brand: 'acme', name: 'Website plat', status: 'investigating', impact: 'major', components: { website: 'major_outage' }, message: { nl: 'x', en: 'x' } });
    expect(open.status).toBe(201);
    await arrive([0.5, 0.4, 0.3, 0.2, 0.1].map((m) => complaint(m, 'Betalen lukt niet!! slecht')));
    expect((await drafts()).items.map((d) => d.component)).toEqual(['app']);
    await call('POST', `/api/incidents/${((await open.json()) as { id: string }).id}/updates`, { status: 'resolved', message: { nl: 'ok', en: 'ok' } });
  });

  it('publishes a draft in one request through the normal path, once, and only for incident managers of the brand', async () => {
    const [draft] = (await drafts()).items;
    const agent = ((await (await call('POST', '/api/tokens', { name: 'agent', role: 'agent', brands: ['acme'] })).json()) as { token: string }).token;
    const foreign = ((await (await call('POST', '/api/tokens', { name: 'im-other', role: 'incident_manager', brands: ['other'] })).json()) as { token: string }).token;
    expect((await call('GET', '/api/incidents/drafts?brand=acme', undefined, agent)).status).toBe(403);
    expect((await call('GET', '/api/incidents/drafts?brand=acme', undefined, foreign)).status).toBe(404);
    expect((await call('POST', `/api/incidents/drafts/${draft!.id}/publish`, {}, foreign)).status).toBe(404);
    const missing = await call('GET', '/api/incidents/drafts');
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/^brand: /);
    expect((await call('GET', '/api/incidents/drafts?brand=acme&state=maybe')).status).toBe(400);
    expect((await call('POST', `/api/incidents/drafts/${draft!.id}/publish`, { impact: 'loud' })).status).toBe(400);

    const res = await call('POST', `/api/incidents/drafts/${draft!.id}/publish`, { impact: 'major' });
    expect(res.status).toBe(201);
    const incident = (await res.json()) as { id: string; draftId: string; impact: string; components: Record<string, string>; updates: unknown[] };
    expect(incident).toMatchObject({ draftId: draft!.id, impact: 'major', components: { app: 'major_outage' } });
    expect(incident.updates).toHaveLength(1);
    expect((await call('POST', `/api/incidents/drafts/${draft!.id}/publish`, {})).status).toBe(409);
    expect((await drafts()).items).toEqual([]);
    const published = (await (await call('GET', '/api/incidents/drafts?brand=acme&state=published')).json()) as { items: Array<{ id: string; incidentId: string }> };
    expect(published.items).toEqual([expect.objectContaining({ id: draft!.id, incidentId: incident.id })]);

    const messages: string[] = [];
    for (let i = 0; i < 5 && !messages.some((m) => m.includes(incident.id)); i++) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: tapUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      messages.push(...(out.Messages ?? []).map((m) => m.Body!));
    }
    expect(messages.filter((m) => m.includes(incident.id))).toHaveLength(1);
    await call('POST', `/api/incidents/${incident.id}/updates`, { status: 'resolved', message: { nl: 'ok', en: 'ok' } });
  });

  it('counts against the usual rate: where 3 a quarter is normal, 6 is no spike and 9 is', async () => {
    const usual = Array.from({ length: 24 }, (_, i) => complaint(16 + i * 5, 'Website traag vandaag'));
    await arrive(usual);
    await arrive([5, 4, 3, 2, 1, 0.5].map((m) => complaint(m, 'De website doet het niet')));
    expect((await drafts()).items).toEqual([]);
    await arrive([0.4, 0.3, 0.2].map((m) => complaint(m, 'Website kapot')));
    const [website] = (await drafts()).items;
    expect(website!.component).toBe('website');
    expect((await call('POST', `/api/incidents/drafts/${website!.id}/dismiss`)).status).toBe(200);
    expect((await call('POST', `/api/incidents/drafts/${website!.id}/dismiss`)).status).toBe(409);
    expect((await drafts()).items).toEqual([]);
  });
});
