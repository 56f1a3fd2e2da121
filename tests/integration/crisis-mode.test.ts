import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { createSns } from '../../shared/bus/clients.ts';
import { mentionTriagedEvent } from '../../shared/bus/events.ts';
import { indexBrands, parseConfig } from '../../shared/config/load.ts';
import { sendReply } from '../../shared/flows/outbox.ts';
import { type FlowDeps, thankYou } from '../../shared/flows/thank-you.ts';
import { outageReplies } from '../../shared/incidents/outage-reply.ts';
import { openIncident, postUpdate, type TimelineDeps } from '../../shared/incidents/timeline.ts';
import type { Mention } from '../../shared/mention.ts';
import type { Store } from '../../shared/store/client.ts';
import { storeMention } from '../../shared/store/mentions.ts';
import { endpoints, freshResources } from '../support/emulators.ts';
import { replyEnvFor, triaged } from '../unit/flows/fixtures.ts';

/** Issue 16, item 8: no thank-you goes out while a major incident is open; outage replies do. */
const brands = indexBrands(
  parseConfig({
    brands: [
      {
        id: 'calm',
        name: 'Calm Energie',
        accounts: { x: ['111'] },
        outageKeywords: ['storing'],
        components: [{ id: 'app', name: 'App' }],
        thankYou: { maxPerHour: 1000, cooldownDays: 0 },
      },
      {
        id: 'touchy',
        name: 'Touchy Telecom',
        accounts: { x: ['222'] },
        components: [{ id: 'app', name: 'App' }],
        thankYou: { maxPerHour: 1000, cooldownDays: 0 },
        crisis: { minImpact: 'minor' },
      },
    ],
  }),
);

let store: Store;
let sink: RecordingSink;
let flow: FlowDeps;
let timeline: TimelineDeps;
let n = 0;

beforeAll(async () => {
  const fresh = await freshResources('crisis');
  store = fresh.store;
  sink = await startSink();
  const now = () => new Date();
  flow = { store, brands, reply: { env: replyEnvFor(sink), fetch, timeoutMs: 2000 }, now, retry: { baseMs: 20, maxInlineWaitMs: 1000 } };
  timeline = { store, sns: createSns(endpoints().fauxqs), statusUpdatesTopic: fresh.resources.topicArns.statusUpdates, brands, now };
});
afterAll(async () => {
  await sink.close();
});

const repliesTo = (m: Mention) =>
  sink.requests('/x/2/tweets').filter((r) => (r.json as { reply?: { in_reply_to_tweet_id?: string } }).reply?.in_reply_to_tweet_id === m.externalId);

/** A fan's praise, stored as triage leaves it. */
async function praise(brand: 'calm' | 'touchy'): Promise<Mention> {
  n += 1;
  const m = triaged(`19500000000000${String(n).padStart(5, '0')}`, {
    brand,
    accountId: brand === 'calm' ? '111' : '222',
    author: { id: `fan-${n}`, handle: `fan${n}`, name: 'Anna' },
    createdAt: new Date().toISOString(),
  });
  await storeMention(store, m);
  return m;
}

const open = (brand: string, impact: 'minor' | 'major' | 'critical') =>
  openIncident(timeline, {
    brand,
    name: 'Storing in de app',
    kind: 'incident',
    status: 'investigating',
    impact,
    components: { app: 'major_outage' },
    message: { nl: 'We onderzoeken het.', en: 'Looking into it.' },
  });
const resolve = (id: string) => postUpdate(timeline, id, { status: 'resolved', message: { nl: 'Opgelost.', en: 'Fixed.' } });

describe('crisis mode', () => {
  it('a major incident: the thank-you is skipped with its reason, nothing is posted, and the outage reply still goes out', async () => {
    const incident = await open('calm', 'major');
    const fan = await praise('calm');
    const reason = `crisis mode: incident ${incident.id} open`;
    expect(await thankYou(flow, fan)).toMatchObject({ state: 'skipped', reason });

    // The complaint during the same outage is answered: auto-replies are not cheerful.
    const complaint = triaged('1950000000099999', {
      brand: 'calm',
      accountId: '111',
      author: { id: 'angry-1', handle: 'angry', name: 'Bob' },
      text: 'Storing in de app, kan niet inloggen',
      intent: 'complaint',
      sentiment: { label: 'negative', score: -0.7, confidence: 0.9 },
      createdAt: new Date().toISOString(),
    });
    await storeMention(store, complaint);
    const outage = outageReplies({ store, brands, publicUrl: 'https://status.example', now: () => new Date(), cacheMs: 0, sendReply: async (i) => void (await sendReply(flow, i)) });
    await outage(mentionTriagedEvent(complaint));
    expect(repliesTo(complaint)).toHaveLength(1);
    expect((repliesTo(complaint)[0]!.json as { text: string }).text).toContain(incident.id);

    expect(repliesTo(fan)).toHaveLength(0);

    // Resolved: new praise is thanked again; the skipped one stays skipped, even redelivered.
    await resolve(incident.id);
    const later = await praise('calm');
    expect(await thankYou(flow, later)).toMatchObject({ state: 'sent' });
    expect(repliesTo(later)).toHaveLength(1);
    expect(await thankYou(flow, fan)).toMatchObject({ state: 'skipped', reason });
    expect(repliesTo(fan)).toHaveLength(0);
  });

  it('a minor incident leaves thank-yous on at the default level; a brand set to minor pauses them', async () => {
    const minor = await open('calm', 'minor');
    const fan = await praise('calm');
    expect(await thankYou(flow, fan)).toMatchObject({ state: 'sent' });
    expect(repliesTo(fan)).toHaveLength(1);
    await resolve(minor.id);

    const touchy = await open('touchy', 'minor');
    const other = await praise('touchy');
    expect(await thankYou(flow, other)).toMatchObject({ state: 'skipped', reason: `crisis mode: incident ${touchy.id} open` });
    expect(repliesTo(other)).toHaveLength(0);
    await resolve(touchy.id);
  });

  it('a critical incident counts; maintenance never does', async () => {
    const maintenance = await openIncident(timeline, {
      brand: 'calm',
      name: 'Onderhoud',
      kind: 'maintenance',
      status: 'in_progress',
      impact: 'critical',
      components: { app: 'under_maintenance' },
      message: { nl: 'Onderhoud.', en: 'Maintenance.' },
      scheduledFor: new Date().toISOString(),
    });
    const during = await praise('calm');
    expect(await thankYou(flow, during)).toMatchObject({ state: 'sent' });
    await resolveMaintenance(maintenance.id);

    const critical = await open('calm', 'critical');
    const fan = await praise('calm');
    expect(await thankYou(flow, fan)).toMatchObject({ state: 'skipped', reason: `crisis mode: incident ${critical.id} open` });
    expect(repliesTo(fan)).toHaveLength(0);
    await resolve(critical.id);
  });
});

const resolveMaintenance = (id: string) => postUpdate(timeline, id, { status: 'completed', message: { nl: 'Klaar.', en: 'Done.' } });
