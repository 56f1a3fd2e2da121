import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutageReplyHandler } from '../../functions/outage-reply/handler.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { pollQueue } from '../../local/sqs-poller.ts';
import { mentionTriagedAttributes, mentionTriagedEvent } from '../../shared/bus/events.ts';
import { publish } from '../../shared/bus/publish.ts';
import { createSns, createSqs } from '../../shared/bus/clients.ts';
import { sendReply } from '../../shared/flows/outbox.ts';
import { matchIncident } from '../../shared/incidents/outage.ts';
import { OUTAGE_REPLY_QUEUE, OUTAGE_RESOLVED_QUEUE } from '../../shared/bus/queues.ts';
import type { Incident } from '../../shared/incidents/model.ts';
import type { Mention } from '../../shared/mention.ts';
import type { Store } from '../../shared/store/client.ts';
import { storeMention } from '../../shared/store/mentions.ts';
import { endpoints, freshResources } from '../support/emulators.ts';
import { acmeBrands, incidentBody, post, testApi, until } from '../unit/incidents/fixtures.ts';

const brands = acmeBrands();
const complaint = (n: number, author = n): Mention => ({
  id: `x-m${n}`,
  brand: 'acme',
  brandKnown: true,
  platform: 'x',
  kind: 'mention',
  externalId: `19000000000000${n}`,
  accountId: '111',
  conversationId: `x-c${n}`,
  author: { id: `user${author}`, handle: `user${author}`, name: `Klant ${author}` },
  text: n % 2 ? 'De app werkt niet, kan niet inloggen!' : 'Storing bij het inloggen?? @acme',
  lang: 'nl',
  createdAt: new Date().toISOString(),
  receivedAt: new Date().toISOString(),
  status: 'open',
  intent: 'complaint',
  sentiment: { label: 'negative', score: -3 },
});

describe('outage-aware webcare through fauxqs and the outbox', () => {
  let sink: RecordingSink;
  let app: ReturnType<typeof testApi>;
  let mentionTopic = '';
  let store: Store;
  const sns = createSns(endpoints().fauxqs);
  const pollers: Array<{ stop(): Promise<void> }> = [];

  beforeAll(async () => {
    sink = await startSink();
    const fresh = await freshResources('outage', [OUTAGE_REPLY_QUEUE, OUTAGE_RESOLVED_QUEUE]);
    const { resources } = fresh;
    store = fresh.store;
    mentionTopic = resources.topicArns.mentionEvents;
    const reply = { env: { urls: { x: `${sink.url}/x`, meta: `${sink.url}/meta`, google: '', trustpilot: '' }, tokens: { x: 'token' } }, fetch };
    const handler = createOutageReplyHandler({
      store,
      brands,
      publicUrl: 'https://status.example',
      now: () => new Date(),
      sendReply: async (intent) => void (await sendReply({ store, reply, now: () => new Date() }, intent)),
    });
    const sqs = createSqs(endpoints().fauxqs);
    for (const q of resources.queues) pollers.push(pollQueue({ sqs, queueUrl: q.url, handler }));
    app = testApi({ store, sns, brands, statusUpdates: resources.topicArns.statusUpdates });
  });

  afterAll(async () => {
    await Promise.all(pollers.map((p) => p.stop()));
    await sink.close();
  });

  it('50 matching complaints (and repeats by the same authors) get 50 replies; resolving notifies each author once', async () => {
    const res = await post(app, '/api/incidents', incidentBody());
    const { id } = (await res.json()) as { id: string };
    const mentions = [...Array.from({ length: 50 }, (_, i) => complaint(i)), ...Array.from({ length: 10 }, (_, i) => complaint(100 + i, i))];
    // The event names the mention; the outage flow reads it from the store.
    await Promise.all(mentions.map((m) => storeMention(store, m)));
    await Promise.all(mentions.map((m) => publish(sns, mentionTopic, mentionTriagedEvent(m), mentionTriagedAttributes(m))));

    await until(() => sink.requests('/x/2/tweets').length >= 50, 20_000, '50 replies');
    await new Promise((r) => setTimeout(r, 1500));
    const replies = sink.requests('/x/2/tweets');
    expect(replies).toHaveLength(50);
    const text = (replies[0]!.json as { text: string }).text;
    expect(text).toContain(`https://status.example/status/acme/incidents/${id}`);

    await post(app, `/api/incidents/${id}/updates`, { status: 'resolved', message: { nl: 'Opgelost', en: 'Fixed' } });
    await until(() => sink.requests('/x/2/tweets').length >= 100, 20_000, '50 resolve notices');
    await new Promise((r) => setTimeout(r, 1500));
    const notices = sink.requests('/x/2/tweets').slice(50);
    expect(notices).toHaveLength(50);
    expect((notices[0]!.json as { text: string }).text).toContain('opgelost');
    expect((notices[0]!.json as { text: string }).text).toContain(`https://status.example/status/acme/incidents/${id}`);
    const repliedTo = new Set(notices.map((n) => (n.json as { reply?: { in_reply_to_tweet_id: string } }).reply?.in_reply_to_tweet_id));
    expect(repliedTo.size).toBe(50);
  });

  it('matches by component or keyword with an outage word, and leaves unrelated praise alone', () => {
    const brand = brands.byId('acme')!;
    const incident = { id: 'i', brand: 'acme', kind: 'incident', status: 'investigating', components: { app: 'major_outage' } } as unknown as Incident;
    const other = { ...incident, id: 'j', components: { payments: 'major_outage' } } as Incident;
    const m = (text: string, intent: Mention['intent'] = 'other') => ({ ...complaint(1), text, intent, sentiment: undefined });
    expect(matchIncident(brand, m('Payments werkt niet'), [incident, other])?.id).toBe('j');
    expect(matchIncident(brand, m('de app is traag', 'complaint'), [incident, other])?.id).toBe('i');
    expect(matchIncident(brand, m('Wat een fijne service!', 'compliment'), [incident, other])).toBeUndefined();
    expect(matchIncident(brand, m('alles ligt eruit'), [incident])?.id).toBe('i');
  });
});
