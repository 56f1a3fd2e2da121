import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThankYouHandler } from '../../functions/thank-you/handler.ts';
import { redriveFailedReplies } from '../../local/redrive-replies.ts';
import { redrive, type RedriveTarget } from '../../local/redrive.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { pollQueue } from '../../local/sqs-poller.ts';
import { createStreams, redriveStreamFailures, sendStreamFailure } from '../../local/stream-failures.ts';
import { pollStream } from '../../local/stream-poller.ts';
import type { Resources } from '../../local/stack.ts';
import { createSns, createSqs } from '../../shared/bus/clients.ts';
import { mentionTriagedAttributes, mentionTriagedEvent } from '../../shared/bus/events.ts';
import { publish } from '../../shared/bus/publish.ts';
import { sweep } from '../../shared/flows/follow-up.ts';
import { intentId, sendReply } from '../../shared/flows/outbox.ts';
import { THANK_YOU_QUEUE } from '../../shared/bus/queues.ts';
import type { FlowDeps } from '../../shared/flows/thank-you.ts';
import type { Mention } from '../../shared/mention.ts';
import type { Store } from '../../shared/store/client.ts';
import { getMention, storeMention } from '../../shared/store/mentions.ts';
import { writeTriage } from '../../shared/store/mention-triage.ts';
import { getIntent } from '../../shared/store/outbox.ts';
import { endpoints, freshResources } from '../support/emulators.ts';
import { brandsWith, replyEnvFor, triaged } from '../unit/flows/fixtures.ts';

// Short visibility and two receives, so a failing record reaches the DLQ within the test.
const QUEUE = { ...THANK_YOU_QUEUE, visibilityTimeoutSeconds: 1, maxReceiveCount: 2 };
const sqs = createSqs(endpoints().fauxqs);
const sns = createSns(endpoints().fauxqs);
let store: Store;
let resources: Resources;
let sink: RecordingSink;
let target: RedriveTarget;
let poller: { stop(): Promise<void> };

beforeAll(async () => {
  ({ store, resources } = await freshResources('redrive', [QUEUE]));
  sink = await startSink();
  const deps: FlowDeps = {
    store,
    brands: brandsWith({ thankYou: { maxPerHour: 1000 } }),
    reply: { env: replyEnvFor(sink), fetch, timeoutMs: 2000 },
    now: () => new Date(),
    retry: { baseMs: 10, maxAttempts: 2, maxInlineWaitMs: 1000 },
  };
  const queue = resources.queues[0]!;
  target = { spec: QUEUE, url: queue.url, dlqUrl: queue.dlqUrl };
  poller = pollQueue({ sqs, queueUrl: queue.url, handler: createThankYouHandler(deps), batchSize: 5 });
});
afterAll(async () => {
  await poller.stop();
  await sink.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(200);
  }
}
const depth = async (url: string) => {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
};
const okReplies = (m: Mention) =>
  sink.requests('/x/2/tweets').filter((r) => r.status === 200 && (r.json as { reply?: { in_reply_to_tweet_id?: string } }).reply?.in_reply_to_tweet_id === m.externalId);
const intentOf = (m: Mention) => getIntent(store, intentId(m.id, 'thank-you'));

describe('npm run redrive (DLQ → source queue)', () => {
  const fans = ['2100000000000000001', '2100000000000000002', '2100000000000000003'].map((id) => triaged(id));

  it('replays failed thank-yous once: reopens the failed intents, each reply is sent exactly once', async () => {
    sink.script({ prefix: '/x/2/tweets', status: 503 });
    for (const m of fans) {
      await storeMention(store, m);
      await publish(sns, resources.topicArns.mentionEvents, mentionTriagedEvent(m), mentionTriagedAttributes(m));
    }
    await waitFor(async () => (await depth(target.dlqUrl)) === fans.length);
    for (const m of fans) expect(await intentOf(m)).toMatchObject({ state: 'failed' });

    sink.clear(); // the platform is back
    const report = await redrive({ sqs, store, brands: brandsWith(), now: () => new Date() }, target);
    expect(report).toEqual({ moved: 3, reopenedIntents: 3, reopenedDeliveries: 0, leftUnknown: 0 });
    expect(await depth(target.dlqUrl)).toBe(0);

    for (const m of fans) expect(await waitFor(async () => ((await intentOf(m))?.state === 'sent' ? intentOf(m) : undefined))).toMatchObject({ attempts: 1 });
    await waitFor(async () => (await depth(target.url)) === 0);
    for (const m of fans) expect(okReplies(m)).toHaveLength(1);
  });

  it('redriving again, or replaying a message twice, sends nothing twice', async () => {
    const again = await redrive({ sqs, store, brands: brandsWith(), now: () => new Date() }, target);
    expect(again).toEqual({ moved: 0, reopenedIntents: 0, reopenedDeliveries: 0, leftUnknown: 0 });

    // A redrive that crashed between send and delete leaves the message in both queues: replay it twice more.
    const m = fans[0]!;
    const body = JSON.stringify({ Type: 'Notification', Message: JSON.stringify(mentionTriagedEvent(m)) });
    await sqs.send(new SendMessageCommand({ QueueUrl: target.dlqUrl, MessageBody: body }));
    await sqs.send(new SendMessageCommand({ QueueUrl: target.url, MessageBody: body }));
    expect(await redrive({ sqs, store, brands: brandsWith(), now: () => new Date() }, target)).toEqual({ moved: 1, reopenedIntents: 0, reopenedDeliveries: 0, leftUnknown: 0 });
    await waitFor(async () => (await depth(target.url)) === 0);
    await sleep(1500);
    for (const f of fans) expect(okReplies(f)).toHaveLength(1);
    expect(await intentOf(m)).toMatchObject({ state: 'sent', attempts: 1 });
    expect(await depth(target.dlqUrl)).toBe(0);
  });
});

describe('npm run redrive of a reply that may have been posted', () => {
  it('leaves its message in the DLQ unless told --unknown: the customer is not answered twice', async () => {
    const fan = triaged('2100000000000000009');
    sink.script({ prefix: '/x/2/tweets', status: 200, delayMs: 2500, times: 1 });
    await storeMention(store, fan);
    await publish(sns, resources.topicArns.mentionEvents, mentionTriagedEvent(fan), mentionTriagedAttributes(fan));
    await waitFor(async () => (await depth(target.dlqUrl)) === 1, 20_000);
    expect(await intentOf(fan)).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/^outcome unknown/) });
    const report = await redrive({ sqs, store, brands: brandsWith(), now: () => new Date() }, target);
    expect(report).toEqual({ moved: 0, reopenedIntents: 0, reopenedDeliveries: 0, leftUnknown: 1 });
    expect(await depth(target.dlqUrl)).toBe(1);
    expect(sink.requests('/x/2/tweets').filter((r) => r.body.includes(fan.externalId))).toHaveLength(1);
  });
});

describe('npm run redrive -- stream-failures (batches a stream consumer gave up on)', () => {
  it('hands the mentions of a failed batch back to the stream once, leaves what was handled since alone', async () => {
    const waiting = triaged('2200000000000000001', { status: 'new' });
    const handledSince = triaged('2200000000000000002', { status: 'new' });
    for (const m of [waiting, handledSince]) await storeMention(store, m);
    // The consumer fails every time: the poller gives up on the batch and reports it like Lambda's on-failure destination.
    let gaveUp = 0;
    const poller = pollStream({
      endpoint: endpoints().dynamo,
      streamArn: resources.streamArn,
      intervalMs: 50,
      maxRetries: 1,
      handler: async () => {
        throw new Error('storage unavailable');
      },
      onGiveUp: async (batch, attempts) => {
        gaveUp += batch.batchSize;
        await sendStreamFailure(sqs, resources.streamFailuresUrl, 'triage')(batch, attempts);
      },
    });
    await waitFor(() => gaveUp >= 2);
    await poller.stop();
    const at = new Date().toISOString();
    const triage = { lang: 'nl' as const, sentiment: { label: 'positive' as const, score: 0.8, confidence: 0.9 }, sarcasm: false, intent: 'compliment' as const, priority: 20, outage: false, team: 'webcare', slaDueAt: at, triagedAt: at };
    await writeTriage(store, handledSince.id, { ...triage, caseId: `case-${handledSince.id}` });

    const deps = { sqs, streams: createStreams(endpoints().dynamo), store, now: () => new Date() };
    const report = await redriveStreamFailures(deps, resources.streamFailuresUrl);
    expect(report).toMatchObject({ nudged: 1, trimmed: 0, unreadable: 0 });
    expect(report.batches).toBeGreaterThanOrEqual(1);
    expect(await getMention(store, waiting.id)).toMatchObject({ status: 'new', rescuedAt: expect.any(String) });
    expect(await getMention(store, handledSince.id)).not.toHaveProperty('rescuedAt');
    expect(await depth(resources.streamFailuresUrl)).toBe(0);
    expect(await redriveStreamFailures(deps, resources.streamFailuresUrl)).toEqual({ batches: 0, nudged: 0, trimmed: 0, unreadable: 0 });
  });

  it('leaves a message that is no on-failure record in the queue, and says so', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: resources.streamFailuresUrl, MessageBody: '{"hello":"world"}' }));
    const report = await redriveStreamFailures({ sqs, streams: createStreams(endpoints().dynamo), store, now: () => new Date() }, resources.streamFailuresUrl);
    expect(report).toEqual({ batches: 0, nudged: 0, trimmed: 0, unreadable: 1 });
    expect(await depth(resources.streamFailuresUrl)).toBe(1);
  });
});

describe('npm run redrive -- failed-replies (replies whose retries ran out in the sweep)', () => {
  it('puts failed replies back on the sweep with a fresh budget, sends each once, and leaves the ones that may have been posted', async () => {
    const deps: FlowDeps = {
      store,
      brands: brandsWith(),
      reply: { env: replyEnvFor(sink), fetch, timeoutMs: 150 },
      now: () => new Date(),
      retry: { baseMs: 10, maxAttempts: 1 },
    };
    const tweet = (subject: string, replyTo: string) =>
      sendReply(deps, { flow: 'thank-you', subject, brand: 'demo', mentionId: subject, message: { platform: 'x', channel: 'public', replyTo, recipient: 'u', account: 'a', text: `redrive ${subject}` } });
    // Earlier tests in this file left a reply whose outcome is unknown: counted from here.
    const { unknownLeft: before } = await redriveFailedReplies(deps);
    sink.script({ prefix: '/x/2/tweets', status: 503, times: 1 });
    expect(await tweet('gave-up', '2300000000000000001')).toMatchObject({ state: 'failed' });
    sink.script({ prefix: '/x/2/tweets', status: 200, delayMs: 500, times: 1 });
    expect(await tweet('timed-out', '2300000000000000002')).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/^outcome unknown/) });

    const report = await redriveFailedReplies(deps);
    expect(report).toEqual({ reopened: 1, unknownLeft: before + 1 });
    await sweep(deps);
    const sent = (replyTo: string) => sink.requests('/x/2/tweets').filter((r) => r.status === 200 && r.body.includes(replyTo));
    expect(await getIntent(store, intentId('gave-up', 'thank-you'))).toMatchObject({ state: 'sent', attempts: 1 });
    expect(sent('2300000000000000001')).toHaveLength(1);
    expect(await getIntent(store, intentId('timed-out', 'thank-you'))).toMatchObject({ state: 'failed' });
    expect(sent('2300000000000000002')).toHaveLength(1);
    expect(await redriveFailedReplies(deps)).toEqual({ reopened: 0, unknownLeft: before + 1 });
  });
});
