import { beforeAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP_ADMIN } from '../../shared/auth/principal.ts';
import type { Actor } from '../../shared/case.ts';
import { recordCsat } from '../../shared/cases/csat.ts';
import { answered } from '../../shared/cases/lifecycle.ts';
import { changeCase } from '../../shared/cases/mutate.ts';
import { keepCase, newCase, type TriagedMessage } from '../../shared/cases/upkeep.ts';
import { assign, setState } from '../../shared/cases/work.ts';
import type { FlowDeps } from '../../shared/flows/thank-you.ts';
import { reportCases } from '../../shared/metrics/case-reads.ts';
import type { Mention } from '../../shared/mention.ts';
import { readReplyEnv } from '../../shared/platforms/index.ts';
import { saveCase } from '../../shared/store/cases.ts';
import type { Store } from '../../shared/store/client.ts';
import type { Resources } from '../../local/stack.ts';
import { apiApp, auth } from '../support/api.ts';
import { demoBrands } from '../support/apps.ts';
import { freshResources } from '../support/emulators.ts';

/**
 * The figures on cases against DynamoDB Local: a small known set of cases built and worked through
 * the real case code (newCase/saveCase, assign, answered, setState, keepCase reopening, recordCsat)
 * at chosen instants, then read back through GET /api/metrics. Every figure is worked out by hand
 * in the comments, so a change in a definition shows here.
 */
const brands = demoBrands();
const brand = brands.byId('demo')!;
const T = Date.parse('2026-03-02T09:00:00Z');
const at = (min: number) => new Date(T + min * 60_000);
const iso = (min: number) => at(min).toISOString();
const DAY = 1440;

let store: Store;
let resources: Resources;
let clock = at(0);
let deps: FlowDeps;
const anna: Actor = { type: 'user', id: 'anna@demo.test' };
const bob: Actor = { type: 'user', id: 'bob@demo.test' };

function message(n: string, platform: string, min: number, text = 'Ik heb een vraag over mijn contract'): TriagedMessage {
  return { id: `${platform}-metrics-${n}`, brand: 'demo', platform, text, createdAt: iso(min), conversationId: `conv-${n}`, author: { id: `cust-${n}` }, lang: 'nl', sentiment: { label: 'neutral', score: 0, confidence: 1 } as never, intent: 'question', priority: 50, team: 'webcare' };
}

/** A case opened at `min` with the deadlines given (minutes from T), as triage would save it. */
async function opened(n: string, platform: string, min: number, team: string, due: { first: number; resolution: number }) {
  const { next, events } = newCase(brand, `case-metrics-${n}`, { ...message(n, platform, min), team }, at(min));
  const withSla = { ...next, sla: { firstResponseDueAt: iso(due.first), resolutionDueAt: iso(due.resolution), breached: false } };
  expect(await saveCase(store, withSla, events)).toBe(true);
  return withSla.id;
}

const reply = (id: string, who: Actor, min: number) => changeCase(store, id, (c) => answered(brand, c, { at: at(min), actor: who, mentionId: c.lastMentionId, platform: c.customer.platform }, at(min)));
const take = (id: string, who: Actor, min: number) => ((clock = at(min)), assign(deps, brand, id, { assignee: who.id }, BOOTSTRAP_ADMIN));
const move = (id: string, to: 'resolved' | 'spam', min: number) => ((clock = at(min)), setState(deps, brand, id, to, BOOTSTRAP_ADMIN));
const csat = (id: string, text: string, min: number) => recordCsat(store, id, { id: `x-csat-${id}`, text, createdAt: iso(min) } as Mention, at(min));

beforeAll(async () => {
  ({ store, resources } = await freshResources('metrics-cases'));
  deps = { store, brands, reply: { env: readReplyEnv({}), fetch }, now: () => clock };
  // A: x, webcare. Anna takes it at 10, answers at 30 (in time), it is resolved at 120 (in time); CSAT 9/10.
  const a = await opened('a', 'x', 0, 'webcare', { first: 60, resolution: DAY });
  await take(a, anna, 10);
  await reply(a, anna, 30);
  await move(a, 'resolved', 120);
  await csat(a, 'Goed geholpen, 9/10', 180);
  // B: facebook, billing. Bob takes it at 70, answers at 180 (late: due 120), resolved at 1560 (late),
  // the customer writes again at 1680 (reopened), Bob answers at 1740 (pending now). CSAT 5/10 at 1500.
  const b = await opened('b', 'facebook', 60, 'billing', { first: 120, resolution: DAY });
  await take(b, bob, 70);
  await reply(b, bob, 180);
  await csat(b, 'Matig, 5/10', 1500);
  await move(b, 'resolved', 1560);
  expect((await keepCase(store, brand, message('b2', 'facebook', 1680, 'Het werkt alweer niet'), b, at(1680))).outcome).toBe('reopened');
  await reply(b, bob, 1740);
  // C: whatsapp, webcare, never answered: first response missed at 180, resolution missed at 1560.
  await opened('c', 'whatsapp', 120, 'webcare', { first: 180, resolution: 1560 });
  // D: x, new, deadlines ahead: backlog only.
  await opened('d', 'x', 1500, 'webcare', { first: 20 * DAY, resolution: 21 * DAY });
  // E: spam (no SLA). F: Anna's case closed days before the period: the read stops before it.
  await move(await opened('e', 'x', 200, 'webcare', { first: 260, resolution: DAY }), 'spam', 300);
  const f = await opened('f', 'x', -6 * DAY, 'webcare', { first: -6 * DAY + 60, resolution: -5 * DAY });
  await take(f, anna, -6 * DAY + 5);
  await move(f, 'resolved', -5 * DAY - 60);
});

describe('GET /api/metrics on cases', () => {
  it('computes backlog, SLA met %, distributions, agents, CSAT and reopen rate for a known set', async () => {
    const now = () => at(2 * DAY);
    const res = await apiApp(store, resources, now).request(`/api/metrics?brand=demo&from=${iso(0)}&to=${iso(2 * DAY)}`, { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown> & { cases: Record<string, unknown> };
    // Every earlier figure is still there.
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['volume', 'open', 'slaBreaches', 'firstResponse', 'incidents', 'effect', 'truncated']));
    expect(body.cases).toEqual({
      // B pending (age 47 h), C new (46 h), D new (23 h).
      backlog: { total: 3, byState: { new: 2, open: 0, pending: 1 }, byAge: { '<1h': 0, '1-4h': 0, '4-24h': 1, '1-3d': 2, '3-7d': 0, '>7d': 0 }, byTeam: { billing: 1, webcare: 2 } },
      sla: {
        // A met; B answered late; C unanswered past its deadline. D not yet due, E spam.
        firstResponse: {
          counted: 3, met: 1, metPct: 33.3,
          byChannel: { x: { counted: 1, met: 1, metPct: 100 }, facebook: { counted: 1, met: 0, metPct: 0 }, whatsapp: { counted: 1, met: 0, metPct: 0 } },
          byTeam: { webcare: { counted: 2, met: 1, metPct: 50 }, billing: { counted: 1, met: 0, metPct: 0 } },
        },
        // A resolved in time; C past its deadline; B pending again (paused clock: not counted).
        resolution: {
          counted: 2, met: 1, metPct: 50,
          byChannel: { x: { counted: 1, met: 1, metPct: 100 }, whatsapp: { counted: 1, met: 0, metPct: 0 } },
          byTeam: { webcare: { counted: 2, met: 1, metPct: 50 } },
        },
      },
      // A 30 min, B 120 min (opened at 60, answered at 180).
      firstResponseMinutes: { count: 2, p50: 30, p90: 120 },
      // A only (B was reopened, E is spam).
      resolutionMinutes: { count: 1, p50: 120, p90: 120 },
      // The same in fixed buckets: 30 min in 15-60 min, 120 min in 1-4 h.
      firstResponseHistogram: { '<15m': 0, '15-60m': 1, '1-4h': 1, '4-24h': 0, '>24h': 0 },
      resolutionHistogram: { '<15m': 0, '15-60m': 0, '1-4h': 1, '4-24h': 0, '>24h': 0 },
      // Anna: 10 → 30. Bob: 70 → 180, and reopened at 1680 → 1740. F (before the period) is not read.
      agents: {
        'anna@demo.test': { cases: 1, replies: 1, handleMinutes: { count: 1, p50: 20, p90: 20 } },
        'bob@demo.test': { cases: 1, replies: 2, handleMinutes: { count: 2, p50: 60, p90: 110 } },
      },
      csat: { count: 2, mean: 0.7, satisfiedShare: 0.5 },
      // A resolved, B resolved and reopened.
      reopen: { resolved: 2, reopened: 1, rate: 0.5 },
      truncated: false,
    });
  });

  it('says truncated when the cases exceed the read bound, and counts only the period asked', async () => {
    expect((await reportCases(store, 'demo', iso(0), 2)).truncated).toBe(true);
    const all = await reportCases(store, 'demo', iso(-7 * DAY));
    expect(all.cases.map((c) => c.id).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => `case-metrics-${n}`));
    const res = await apiApp(store, resources, () => at(2 * DAY)).request(`/api/metrics?brand=demo&from=${iso(DAY + 61)}&to=${iso(2 * DAY)}`, { headers: auth });
    const late = ((await res.json()) as { cases: { firstResponseMinutes: unknown; csat: unknown; agents: Record<string, unknown> } }).cases;
    // Only C's resolution miss (1560) and Bob's reply at 1740 fall in [1501, 2880].
    expect(late.firstResponseMinutes).toEqual({ count: 0, p50: null, p90: null });
    expect(late.csat).toEqual({ count: 0, mean: null, satisfiedShare: null });
    expect(late.agents['bob@demo.test']).toEqual({ cases: 1, replies: 1, handleMinutes: { count: 1, p50: 60, p90: 60 } });
  });
});
