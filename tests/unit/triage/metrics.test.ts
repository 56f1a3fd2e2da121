import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { ApiContext } from '../../../functions/api/context.ts';
import { metricsRoutes } from '../../../functions/api/routes/metrics.ts';
import { indexBrands } from '../../../shared/config/load.ts';
import { WecareError } from '../../../shared/errors.ts';
import type { Mention } from '../../../shared/mention.ts';
import { computeMetrics, median } from '../../../shared/metrics/compute.ts';
import { Brand } from '../../../shared/config/brand.ts';
import type { ApiEnv } from '../../../functions/api/auth.ts';
import { BOOTSTRAP_ADMIN } from '../../../shared/auth/principal.ts';

const m = (over: Partial<Mention>): Mention => ({
  id: 'm', brand: 'demo', brandKnown: true, platform: 'x', kind: 'mention', externalId: '1', accountId: 'a', conversationId: 'c1',
  author: { id: 'u' }, text: 't', createdAt: '2026-03-02T10:00:00.000Z', receivedAt: '2026-03-02T10:00:00.000Z', status: 'open', ...over,
});

describe('computeMetrics', () => {
  const now = new Date('2026-03-03T12:00:00Z');
  const inRange = [
    m({ id: 'a', intent: 'complaint', sentiment: { label: 'negative', score: -0.7 }, slaDueAt: '2026-03-02T11:00:00.000Z', firstResponseAt: '2026-03-02T10:20:00.000Z', status: 'answered' }),
    m({ id: 'b', conversationId: 'c2', intent: 'question', sentiment: { label: 'neutral', score: 0 }, slaDueAt: '2026-03-02T11:00:00.000Z' }),
    m({ id: 'echo', conversationId: 'c2', status: 'brand', fromBrand: true, createdAt: '2026-03-02T12:00:00.000Z' }),
    m({ id: 'c', platform: 'facebook', conversationId: 'c3', intent: 'complaint', sentiment: { label: 'negative', score: -0.3 }, slaDueAt: '2026-03-02T11:00:00.000Z' }),
  ];
  const open = [m({ id: 'c', team: 'outage' }), m({ id: 'd', team: 'outage' }), m({ id: 'e' })];
  const out = computeMetrics({ brand: 'demo', from: 'f', to: 't' }, inRange, open, now);

  it('counts customer volume by platform, intent and sentiment (echoes excluded)', () => {
    expect(out.volume).toEqual({
      total: 3,
      byPlatform: { x: 2, facebook: 1 },
      byIntent: { complaint: 2, question: 1 },
      bySentiment: { negative: 2, neutral: 1 },
    });
  });
  it('counts the open backlog per team', () => expect(out.open).toEqual({ total: 3, byTeam: { outage: 2, unassigned: 1 } }));
  it('counts SLA breaches: answered late by an echo, unanswered past due', () => {
    expect(out.slaBreaches).toEqual({ total: 2, unanswered: 1, answeredLate: 1 });
  });
  it('takes first response from firstResponseAt or the brand echo in the conversation', () => {
    expect(out.firstResponse).toEqual({ x: { medianMinutes: 70, answered: 2 } });
  });
  it('median', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe('GET /api/metrics parameters', () => {
  const ctx = { brands: indexBrands({ brands: [Brand.parse({ id: 'demo', name: 'Demo' })] }), now: () => new Date() } as unknown as ApiContext;
  const app = new Hono<ApiEnv>();
  app.onError((e, c) => c.json({ code: (e as WecareError).code, message: e.message }, e instanceof WecareError ? 400 : 500));
  // What the auth middleware leaves for a route: here the bootstrap admin, so only the parameters decide.
  app.use('*', async (c, next) => {
    c.set('principal', BOOTSTRAP_ADMIN);
    await next();
  });
  app.route('/', metricsRoutes(ctx));

  it.each([
    ['/api/metrics', 'brand: required'],
    ['/api/metrics?brand=demo&from=yesterday', 'from: expected an ISO 8601 date, got "yesterday"'],
    ['/api/metrics?brand=demo&to=2026-13-45', 'to: expected an ISO 8601 date, got "2026-13-45"'],
    ['/api/metrics?brand=demo&from=2026-03-02&to=2026-03-01', 'from: must not be after to'],
    ['/api/metrics?brand=demo&from=2025-01-01&to=2026-03-01', 'from: the range may span at most 93 days'],
  ])('%s → %s', async (url, message) => {
    const res = await app.request(url);
    expect(await res.json()).toMatchObject({ message });
  });
});
