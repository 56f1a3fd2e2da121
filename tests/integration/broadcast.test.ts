import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBroadcastHandler } from '../../functions/broadcast/handler.ts';
import type { Resources } from '../../local/stack.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { pollQueue } from '../../local/sqs-poller.ts';
import { guardedFetch } from '../../shared/broadcast/public-target.ts';
import { createSns, createSqs } from '../../shared/bus/clients.ts';
import { channelQueueName, channelQueues } from '../../shared/incidents/queues.ts';
import { endpoints, freshResources } from '../support/emulators.ts';
import { acmeBrands, ADMIN, incidentBody, post, testApi, until } from '../unit/incidents/fixtures.ts';
import { readReplyEnv } from '../../shared/platforms/index.ts';

const SIGNING = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('fan-out through fauxqs: one queue per channel, filter policies, retries, DLQ', () => {
  let sink: RecordingSink;
  let resources: Resources;
  let app: ReturnType<typeof testApi>;
  let sqs: SQSClient;
  const pollers: Array<{ stop(): Promise<void> }> = [];

  beforeAll(async () => {
    sink = await startSink();
    sink.script({ prefix: '/broken', status: 503, body: { detail: 'what-the-target-said' } });
    const brands = acmeBrands(sink.url, [{ id: 'partner-hook', type: 'webhook', target: `${sink.url}/broken`, secret: SIGNING }]);
    // Short visibility and 3 receives so the DLQ path takes seconds, not minutes.
    const queues = channelQueues(brands).map((q) => ({ ...q, visibilityTimeoutSeconds: 1, maxReceiveCount: 3 }));
    const made = await freshResources('broadcast', queues);
    resources = made.resources;
    sqs = createSqs(endpoints().fauxqs);
    const handler = createBroadcastHandler({
      store: made.store,
      fetch,
      // Subscriber URLs go through the outbound filter; the sink is on loopback, so the test-only setting.
      publicFetch: guardedFetch({ allowPrivate: true }),
      brands,
      now: () => new Date(),
      env: { platforms: readReplyEnv({ X_API_URL: `${sink.url}/x`, META_GRAPH_URL: `${sink.url}/meta` }), publicUrl: 'https://status.example' },
      maxReceiveCount: 3,
      visibilityTimeoutSeconds: 1,
    });
    for (const q of resources.queues) pollers.push(pollQueue({ sqs, queueUrl: q.url, handler }));
    app = testApi({ store: made.store, sns: createSns(endpoints().fauxqs), brands, statusUpdates: resources.topicArns.statusUpdates, allowPrivateWebhooks: true });
  });

  afterAll(async () => {
    await Promise.all(pollers.map((p) => p.stop()));
    await sink.close();
  });

  /** What was posted to a path, without a subscriber's one-time challenge. */
  const posts = (prefix: string) => sink.requests(prefix).filter((r) => (r.json as { type?: string } | undefined)?.type !== 'subscription.verify');
  const queue = (channel: string) => resources.queues.find((q) => q.name.endsWith(channelQueueName('acme', channel)))!;
  const dlqDepth = async (channel: string) => {
    const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue(channel).dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
  };
  const deliveries = async (id: string) =>
    ((await (await app.request(`/api/incidents/${id}/deliveries`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as {
      items: Array<{ updateId: string; channel: string; target: string; state: string; subscriber?: string; error?: string }>;
    }).items;

  let incidentId = '';

  it('one minor update reaches every matching channel exactly once; major-only and other-component channels get nothing', async () => {
    const sub = await app.request('/status/acme/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ webhook: `${sink.url}/sub/one`, components: ['app'] }),
    });
    expect(sub.status).toBe(201);
    const { secret } = (await sub.json()) as { secret: string };
    // It echoed its signed challenge first (the sink does, as a working receiver would).
    const verify = sink.requests('/sub/one')[0]!;
    expect((verify.json as { type: string }).type).toBe('subscription.verify');
    expect(() => new Webhook(secret).verify(verify.body, verify.headers)).not.toThrow();

    const res = await post(app, '/api/incidents', incidentBody());
    incidentId = ((await res.json()) as { id: string }).id;
    const expected = ['/x/2/tweets', '/meta/v21.0/page1/feed', '/slack', '/teams', '/discord', '/sub/one'];
    await until(() => expected.every((p) => posts(p).length > 0), 15_000, 'every channel');
    await new Promise((r) => setTimeout(r, 1500)); // room for any duplicate to show up
    for (const p of expected) expect(posts(p), p).toHaveLength(1);
    expect(sink.requests('/major')).toHaveLength(0);
    expect(sink.requests('/webonly')).toHaveLength(0);

    const hook = posts('/sub/one')[0]!;
    expect(() => new Webhook(secret).verify(hook.body, hook.headers)).not.toThrow();
    expect((hook.json as { type: string }).type).toBe('status.incident');
  });

  it('a channel answering 5xx is retried, recorded failed and lands in its DLQ while the others are unaffected', async () => {
    await until(async () => (await dlqDepth('partner-hook')) === 1, 20_000, 'partner-hook DLQ');
    expect(sink.requests('/broken')).toHaveLength(3);
    const items = await deliveries(incidentId);
    expect(items.find((d) => d.channel === 'partner-hook')?.state).toBe('failed');
    // Only our own words about a failure (its status code), never what the target answered.
    expect((items.find((d) => d.channel === 'partner-hook') as { error?: string }).error).toBe('HTTP 503');
    // A channel by its id, a subscriber by its id: never a URL (a Slack/Teams/Discord URL is a credential).
    for (const d of items) expect(d.target).toBe(d.subscriber ?? d.channel);
    expect(JSON.stringify(items)).not.toContain(sink.url.replace('http://', ''));
    expect(JSON.stringify(items)).not.toContain('what-the-target-said');
    const others = items.filter((d) => d.channel !== 'partner-hook');
    expect(others.map((d) => d.state)).toEqual(others.map(() => 'sent'));
    expect(others.map((d) => d.channel).sort()).toEqual(['discord', 'facebook-page', 'slack-ops', 'teams-care', 'x-main', '~subscribers'].sort());
    expect(await dlqDepth('slack-ops')).toBe(0);
  });

  it('a redelivered message sends nothing twice', async () => {
    const original = sink.requests('/slack')[0]!;
    expect(original).toBeDefined();
    // The same SNS envelope again, as SQS would redeliver it after a lost delete.
    const items = await deliveries(incidentId);
    const updateId = items[0]!.updateId;
    const res = await app.request(`/api/incidents/${incidentId}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const incident = (await res.json()) as { updates: Array<{ id: string }> } & Record<string, unknown>;
    const update = incident.updates.find((u) => u.id === updateId);
    const body = JSON.stringify({ Type: 'Notification', Message: JSON.stringify({ type: 'status.update', incident, update }) });
    for (const ch of ['slack-ops', 'x-main', '~subscribers']) await sqs.send(new SendMessageCommand({ QueueUrl: queue(ch).url, MessageBody: body }));
    await new Promise((r) => setTimeout(r, 2500));
    expect(sink.requests('/slack')).toHaveLength(1);
    expect(sink.requests('/x/2/tweets')).toHaveLength(1);
    expect(posts('/sub/one')).toHaveLength(1);
  });

  it('filter policies route a major update on the website to the major-only and website-only channels', async () => {
    await post(app, `/api/incidents/${incidentId}/updates`, {
      status: 'identified',
      impact: 'major',
      components: { website: 'major_outage' },
      message: { nl: 'Ook de website ligt eruit.', en: 'The website is down too.' },
    });
    await until(() => sink.requests('/major').length === 1 && sink.requests('/webonly').length === 1, 15_000, 'major + website channels');
    await until(() => sink.requests('/slack').length === 2, 10_000, 'second slack post');
    const embed = (sink.requests('/major')[0]!.json as { embeds: Array<{ title: string }> }).embeds[0]!;
    expect(embed.title).toContain('Inloggen in de app mislukt');
  });
});
