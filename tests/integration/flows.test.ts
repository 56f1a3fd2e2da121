import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThankYouHandler } from '../../functions/thank-you/handler.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { pollQueue } from '../../local/sqs-poller.ts';
import { createSns, createSqs } from '../../shared/bus/clients.ts';
import { mentionTriagedAttributes, mentionTriagedEvent } from '../../shared/bus/events.ts';
import { publish } from '../../shared/bus/publish.ts';
import { intentId } from '../../shared/flows/outbox.ts';
import { THANK_YOU_QUEUE } from '../../shared/bus/queues.ts';
import { type FlowDeps, thankYou } from '../../shared/flows/thank-you.ts';
import type { Mention } from '../../shared/mention.ts';
import type { Resources } from '../../local/stack.ts';
import type { Store } from '../../shared/store/client.ts';
import { storeMention } from '../../shared/store/mentions.ts';
import { getIntent } from '../../shared/store/outbox.ts';
import { endpoints, freshResources } from '../support/emulators.ts';
import { brandsWith, replyEnvFor, triaged } from '../unit/flows/fixtures.ts';

// Short visibility and two receives, so a failing record reaches the DLQ within the test.
const QUEUE = { ...THANK_YOU_QUEUE, visibilityTimeoutSeconds: 1, maxReceiveCount: 2 };
let store: Store;
let resources: Resources;
let sink: RecordingSink;
let deps: FlowDeps;
let poller: { stop(): Promise<void> };
const sns = createSns(endpoints().fauxqs);
const sqs = createSqs(endpoints().fauxqs);

beforeAll(async () => {
  ({ store, resources } = await freshResources('flows', [QUEUE]));
  sink = await startSink();
  deps = {
    store,
    brands: brandsWith({ thankYou: { maxPerHour: 1000 } }),
    reply: { env: replyEnvFor(sink), fetch, timeoutMs: 2000 },
    now: () => new Date(),
    retry: { baseMs: 20, maxInlineWaitMs: 3000 },
  };
  poller = pollQueue({ sqs, queueUrl: resources.queues[0]!.url, handler: createThankYouHandler(deps), batchSize: 5 });
});
afterAll(async () => {
  await poller.stop();
  await sink.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(100);
  }
}

async function deliverTriaged(m: Mention, times = 1) {
  await storeMention(store, m);
  for (let i = 0; i < times; i++) await publish(sns, resources.topicArns.mentionEvents, mentionTriagedEvent(m), mentionTriagedAttributes(m));
}
const tweetReplies = (tweetId: string) =>
  sink.requests('/x/2/tweets').filter((r) => (r.json as { reply?: { in_reply_to_tweet_id?: string } }).reply?.in_reply_to_tweet_id === tweetId);
const stored = (m: Mention) => getIntent(store, intentId(m.id, 'thank-you'));

describe('thank-you flow over SNS → SQS', () => {
  it('thanks a fan exactly once when mention.triaged arrives twice', async () => {
    const m = triaged('1900000000000000001');
    await deliverTriaged(m, 2);
    await waitFor(() => tweetReplies(m.externalId).length > 0);
    await sleep(2500); // room for the second delivery and a visibility-timeout redelivery
    const sent = tweetReplies(m.externalId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.authorization).toBe('Bearer x-token');
    expect(sent[0]!.json).toEqual({ text: 'Dankjewel, wat fijn om te horen! 💙', reply: { in_reply_to_tweet_id: m.externalId } });
    expect(await stored(m)).toMatchObject({ state: 'sent', attempts: 1, replyId: expect.stringMatching(/^sink-/) });
  });

  it('never thanks "thanks for nothing" or a 2-star review', async () => {
    const sarcastic = triaged('1900000000000000002', {
      text: 'Thanks for nothing @demo, third outage this week',
      lang: 'en',
      sarcasm: true,
      intent: 'complaint',
      sentiment: { label: 'negative', score: -0.6, confidence: 0.8 },
    });
    const review = 'accounts/1/locations/2/reviews/two-stars';
    const twoStars = triaged(review, { platform: 'google', kind: 'review', rating: 2, accountId: 'accounts/1/locations/2', text: 'Vriendelijk personeel maar' });
    await deliverTriaged(sarcastic);
    await deliverTriaged(twoStars);
    const skipped = await waitFor(() => stored(twoStars));
    expect(skipped).toMatchObject({ state: 'skipped', reason: '2-star review' });
    await sleep(1000);
    // The filter policy keeps the sarcastic complaint away from the flow entirely.
    expect(await stored(sarcastic)).toBeUndefined();
    expect(tweetReplies(sarcastic.externalId)).toHaveLength(0);
    expect(sink.requests(`/google/v4/${review}`)).toHaveLength(0);
    // And were it delivered anyway, the flow itself says no.
    expect(await thankYou(deps, sarcastic)).toMatchObject({ state: 'skipped', reason: 'sarcastic' });
  });

  it('ends five 5xx in `failed` after five tries, and the message in the DLQ', async () => {
    const m = triaged('ig-comment-503', { platform: 'instagram', kind: 'comment', accountId: 'ig-1' });
    sink.script({ prefix: '/meta/v21.0/ig-comment-503/replies', status: 503, times: 5 });
    await deliverTriaged(m);
    const dead = await waitFor(async () => {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: resources.queues[0]!.dlqUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }));
      return out.Messages?.find((msg) => msg.Body?.includes(m.id));
    }, 20_000);
    expect(dead).toBeDefined();
    // What waits in the DLQ for 14 days names the mention, never its words or its author.
    for (const personal of [m.text, m.author.name!, m.author.handle!, m.author.id]) expect(dead.Body).not.toContain(personal);
    expect(await stored(m)).toMatchObject({ state: 'failed', attempts: 5, lastError: expect.stringMatching(/503/) });
    expect(sink.requests('/meta/v21.0/ig-comment-503/replies')).toHaveLength(5);
  });
});

describe('thank-you guards', () => {
  it('sends once after a 429 with Retry-After', async () => {
    const m = triaged('fb-comment-429', { platform: 'facebook', kind: 'comment', accountId: 'page-1' });
    sink.script({ prefix: '/meta/v21.0/fb-comment-429/comments', status: 429, headers: { 'retry-after': '1' }, times: 1 });
    await storeMention(store, m);
    const started = Date.now();
    expect(await thankYou(deps, m)).toMatchObject({ state: 'sent', attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const calls = sink.requests('/meta/v21.0/fb-comment-429/comments');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.json).toEqual({ message: 'Dankjewel Anna, wat fijn om te horen! 💙' });
  });

  it('thanks an author once per cool-down, again after it', async () => {
    let now = new Date('2026-11-16T10:00:00Z');
    const clocked = { ...deps, now: () => now };
    const author = { id: 'loyal-fan', name: 'Kees' };
    const first = triaged('cool-1', { author });
    const second = triaged('cool-2', { author });
    const later = triaged('cool-3', { author });
    for (const m of [first, second, later]) await storeMention(store, m);
    expect((await thankYou(clocked, first)).state).toBe('sent');
    expect(await thankYou(clocked, second)).toMatchObject({ state: 'skipped', reason: 'author thanked within 7 days' });
    now = new Date('2026-11-23T10:00:01Z');
    expect((await thankYou(clocked, later)).state).toBe('sent');
  });

  it('caps thank-yous per brand per hour', async () => {
    let now = new Date('2026-11-16T11:05:00Z');
    const capped = { ...deps, brands: brandsWith({ id: 'capped', thankYou: { maxPerHour: 2 } }), now: () => now };
    const states: string[] = [];
    for (let i = 0; i < 3; i++) {
      const m = triaged(`cap-${i}`, { brand: 'capped' });
      await storeMention(store, m);
      const intent = await thankYou(capped, m);
      states.push(intent.state === 'skipped' ? intent.reason! : intent.state);
    }
    expect(states).toEqual(['sent', 'sent', 'brand reached 2 thank-yous this hour']);
    now = new Date('2026-11-16T12:00:00Z');
    const nextHour = triaged('cap-next', { brand: 'capped' });
    await storeMention(store, nextHour);
    expect((await thankYou(capped, nextHour)).state).toBe('sent');
  });

  it('stays quiet in a thread with an open complaint', async () => {
    const complaint = triaged('thread-complaint', { conversationId: 'x-thread-1', intent: 'complaint', sentiment: { label: 'negative', score: -0.7 } });
    const praise = triaged('thread-praise', { conversationId: 'x-thread-1', author: { id: 'bystander' } });
    await storeMention(store, complaint);
    await storeMention(store, praise);
    expect(await thankYou(deps, praise)).toMatchObject({ state: 'skipped', reason: 'open complaint in the conversation' });
    expect(tweetReplies('thread-praise')).toHaveLength(0);
  });

  it('records what it would send in dry-run, and sends nothing', async () => {
    const dry = { ...deps, brands: brandsWith({ id: 'dry', thankYou: { dryRun: true } }) };
    const m = triaged('dry-1', { brand: 'dry', lang: 'en' });
    await storeMention(store, m);
    const intent = await thankYou(dry, m);
    expect(intent).toMatchObject({ state: 'dry-run', message: { text: 'Thank you, that is great to hear! 💙', replyTo: 'dry-1' } });
    expect(tweetReplies('dry-1')).toHaveLength(0);
    expect(await thankYou(dry, m)).toMatchObject({ state: 'dry-run' });
  });
});
