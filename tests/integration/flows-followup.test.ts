import type { SQSEvent } from 'aws-lambda';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFollowUpHandler } from '../../functions/follow-up-sweep/handler.ts';
import { replyRoutes } from '../../functions/api/routes/replies.ts';
import { onError } from '../../functions/adapters/errors.ts';
import { authenticate } from '../../functions/api/auth.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { pollQueue } from '../../local/sqs-poller.ts';
import type { Resources } from '../../local/stack.ts';
import { createSns, createSqs } from '../../shared/bus/clients.ts';
import { mentionTriagedAttributes, mentionTriagedEvent } from '../../shared/bus/events.ts';
import { publish } from '../../shared/bus/publish.ts';
import { webcareEffect } from '../../shared/flows/effect.ts';
import { FOLLOW_UP_WATCH_QUEUE } from '../../shared/bus/queues.ts';
import type { FlowDeps } from '../../shared/flows/thank-you.ts';
import type { Mention } from '../../shared/mention.ts';
import { getFollowUp } from '../../shared/store/follow-ups.ts';
import { caseOfMention } from '../../shared/cases/ids.ts';
import type { Store } from '../../shared/store/client.ts';
import { getMention, storeMention } from '../../shared/store/mentions.ts';
import { apiContext, auth } from '../support/api.ts';
import { endpoints, freshResources } from '../support/emulators.ts';
import { brandsWith, replyEnvFor, triaged } from '../unit/flows/fixtures.ts';

const HOUR = 3_600_000;
let now = new Date('2026-11-16T10:00:00Z'); // a Monday, 11:00 in Amsterdam
const at = (hours: number) => new Date(Date.parse('2026-11-16T10:00:00Z') + hours * HOUR);
let store: Store;
let resources: Resources;
let sink: RecordingSink;
let deps: FlowDeps;
let app: Hono;
let followUps: ReturnType<typeof createFollowUpHandler>;
let poller: { stop(): Promise<void> };

beforeAll(async () => {
  ({ store, resources } = await freshResources('flows-followup', [{ ...FOLLOW_UP_WATCH_QUEUE, visibilityTimeoutSeconds: 2 }]));
  sink = await startSink();
  const reply = { env: replyEnvFor(sink), fetch, timeoutMs: 2000 };
  const ctx = { ...apiContext(store, resources), now: () => now };
  deps = { store, brands: ctx.brands, reply, now: () => now, retry: { baseMs: 10 } };
  app = new Hono();
  app.onError(onError);
  app.use('/api/*', authenticate(ctx));
  app.route('/', replyRoutes(ctx, reply));
  followUps = createFollowUpHandler(deps);
  poller = pollQueue({ sqs: createSqs(endpoints().fauxqs), queueUrl: resources.queues[0]!.url, handler: followUps as never });
});
afterAll(async () => {
  await poller.stop();
  await sink.close();
});

const answer = (id: string, body: unknown) =>
  app.request(`/api/mentions/${id}/reply`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const complaint = (id: string, over: Partial<Mention> = {}) =>
  triaged(id, { intent: 'complaint', sentiment: { label: 'negative', score: -0.7, confidence: 0.9 }, text: 'Mijn factuur klopt weer niet', ...over });
const sweep = () => followUps({}) as Promise<{ due: number; sent: number }>;
const sqsEvent = (m: Mention): SQSEvent =>
  ({ Records: [{ messageId: m.id, body: JSON.stringify({ Message: JSON.stringify(mentionTriagedEvent(m)) }), attributes: {}, messageAttributes: {} }] }) as never;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('agent reply and follow-up', () => {
  it('answers through the platform, schedules the follow-up, sends it once when due, records the answer', async () => {
    now = at(0);
    const m = complaint('1900000000000000100', { lang: 'en', text: 'My bill is wrong again' });
    await storeMention(store, m);
    const res = await answer(m.id, { text: 'Sorry, we corrected your bill.' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { intent: { state: string }; followUp: { state: string; dueAt: string } };
    expect(body.intent.state).toBe('sent');
    expect(body.followUp).toMatchObject({ state: 'scheduled', dueAt: at(24).toISOString() });
    expect(sink.requests('/x/2/tweets').at(-1)!.json).toEqual({ text: 'Sorry, we corrected your bill.', reply: { in_reply_to_tweet_id: m.externalId } });
    expect(await getMention(store, m.id)).toMatchObject({ status: 'answered', firstResponseAt: at(0).toISOString() });

    now = at(23);
    expect((await sweep()).due).toBe(0);
    now = at(24.1);
    expect(await sweep()).toMatchObject({ due: 1, sent: 1 });
    expect(await sweep()).toMatchObject({ due: 0, sent: 0 });
    const dms = sink.requests(`/x/2/dm_conversations/with/${m.author.id}/messages`);
    expect(dms.map((r) => r.json)).toEqual([{ text: 'Hi, we helped you recently: is it solved now?' }]);

    const reaction = triaged('1900000000000000101', { conversationId: m.conversationId, caseId: caseOfMention(m), author: m.author, lang: 'en', createdAt: at(25).toISOString(), text: 'Yes, all good now' });
    await storeMention(store, reaction);
    await followUps(sqsEvent(reaction));
    expect(await getFollowUp(store, caseOfMention(m))).toMatchObject({ state: 'sent', answer: { mentionId: reaction.id, sentiment: { label: 'positive' } } });

    const effect = await webcareEffect(store, 'demo', '2026-11-16', '2026-11-18');
    expect(effect.sentiment).toMatchObject({ conversations: 1, before: -0.7, after: 0.8, delta: 1.5 });
    expect(effect.complaints).toMatchObject({ answered: 1, withReaction: 1, turnedNeutralOrPositive: 1, share: 1 });
    expect(effect.followUps).toMatchObject({ scheduled: 1, sent: 1, answered: 1, answeredPositiveOrNeutral: 1 });
  });

  it('cancels the follow-up when the customer writes again first (mention.triaged over SNS → SQS)', async () => {
    now = at(0);
    const m = complaint('fb-complaint-1', { platform: 'facebook', kind: 'comment', accountId: '1234567890321' });
    await storeMention(store, m);
    expect((await answer(m.id, { text: 'Sorry! We kijken ernaar.' })).status).toBe(200);
    expect(await followUps(sqsEvent(m))).toEqual({ batchItemFailures: [] }); // the answered message itself changes nothing
    expect((await getFollowUp(store, caseOfMention(m)))?.state).toBe('scheduled');

    const again = complaint('fb-complaint-2', { platform: 'facebook', kind: 'comment', accountId: '1234567890321', conversationId: m.conversationId, caseId: caseOfMention(m), author: m.author, createdAt: at(2).toISOString() });
    await storeMention(store, again);
    await publish(createSns(endpoints().fauxqs), resources.topicArns.mentionEvents, mentionTriagedEvent(again), mentionTriagedAttributes(again));
    for (let i = 0; i < 100 && (await getFollowUp(store, caseOfMention(m)))?.state !== 'cancelled'; i++) await sleep(100);
    expect(await getFollowUp(store, caseOfMention(m))).toMatchObject({ state: 'cancelled', reason: 'customer wrote again' });
    now = at(30);
    await sweep();
    expect(sink.requests('/meta/v21.0/1234567890321/messages')).toHaveLength(0);
  });

  it('closing the case as solved cancels the follow-up; 404 and 400 answer bad requests', async () => {
    now = at(0);
    const m = complaint('ig-complaint-1', { platform: 'instagram', kind: 'comment', accountId: '17841400000000001' });
    await storeMention(store, m);
    expect((await answer(m.id, { text: 'We zoeken het uit' })).status).toBe(200);
    expect((await getFollowUp(store, caseOfMention(m)))?.state).toBe('scheduled');
    const closed = await answer(m.id, { text: 'Opgelost, fijne dag!', close: true });
    expect(closed.status).toBe(200);
    expect(await getFollowUp(store, caseOfMention(m))).toMatchObject({ state: 'cancelled', reason: 'case closed as solved' });
    expect(await getMention(store, m.id)).toMatchObject({ status: 'closed', firstResponseAt: at(0).toISOString() });
    expect(sink.requests('/meta/v21.0/ig-complaint-1/replies')).toHaveLength(2);

    expect((await answer('nope', { text: 'hi' })).status).toBe(404);
    expect((await answer(m.id, { text: '' })).status).toBe(400);
  });

  it('sends a Dutch private reply to an Instagram comment', async () => {
    now = at(100); // Friday 20 Nov, 15:00
    const m = complaint('ig-complaint-nl', { platform: 'instagram', kind: 'comment', accountId: '17841400000000001', createdAt: at(99).toISOString() });
    await storeMention(store, m);
    expect((await answer(m.id, { text: 'Sorry, we bellen je' })).status).toBe(200);
    // Due Saturday 15:00 → moved to Monday 09:00 Amsterdam.
    expect((await getFollowUp(store, caseOfMention(m)))?.dueAt).toBe('2026-11-23T08:00:00.000Z');
    now = new Date('2026-11-23T08:00:00Z');
    await sweep();
    const sent = sink.requests('/meta/v21.0/17841400000000001/messages').at(-1);
    expect(sent?.json).toEqual({ recipient: { comment_id: 'ig-complaint-nl' }, messaging_type: 'RESPONSE', message: { text: 'Hoi Anna, we hielpen je onlangs: is het opgelost?' } });
  });
});

describe('the WhatsApp window in follow-ups', () => {
  const whatsapp = (id: string, author: string) =>
    complaint(id, { platform: 'whatsapp', kind: 'dm', accountId: '10634295353625', author: { id: author, name: 'Piet' }, createdAt: at(-1).toISOString() });

  it('answers in the window with text, follows up after it with the approved template', async () => {
    now = at(0);
    const m = whatsapp('wamid.complaint-1', '31611111111');
    await storeMention(store, m);
    expect((await answer(m.id, { text: 'Sorry Piet, we lossen het op' })).status).toBe(200);
    expect(sink.requests('/meta/v21.0/10634295353625/messages').at(-1)!.json).toMatchObject({ type: 'text', to: '31611111111', text: { body: 'Sorry Piet, we lossen het op' } });
    now = at(24.5);
    await sweep();
    const sent = sink.requests('/meta/v21.0/10634295353625/messages').at(-1)!;
    expect(sent.json).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '31611111111', type: 'template', template: { name: 'followup_check_in', language: { code: 'nl' } } });
    expect((await getFollowUp(store, caseOfMention(m)))?.state).toBe('sent');
  });

  it('skips, with the reason, when the brand has no approved template', async () => {
    now = at(0);
    const m = whatsapp('wamid.complaint-2', '31622222222');
    await storeMention(store, m);
    expect((await answer(m.id, { text: 'Sorry!' })).status).toBe(200);
    now = at(24.5);
    const before = sink.requests('/meta/v21.0/10634295353625/messages').length;
    await createFollowUpHandler({ ...deps, brands: brandsWith({ id: 'demo' }) })({});
    expect(await getFollowUp(store, caseOfMention(m))).toMatchObject({ state: 'skipped', reason: expect.stringMatching(/24-hour window/) });
    expect(sink.requests('/meta/v21.0/10634295353625/messages')).toHaveLength(before);
  });
});
