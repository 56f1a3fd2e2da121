import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { deliver, type OutboxDeps, sendReply } from '../../shared/flows/outbox.ts';
import type { OutboundMessage } from '../../shared/platforms/types.ts';
import type { Store } from '../../shared/store/client.ts';
import { outboxKey } from '../../shared/store/outbox.ts';
import { freshResources } from '../support/emulators.ts';
import { replyEnvFor } from '../unit/flows/fixtures.ts';

let store: Store;
let sink: RecordingSink;
let deps: OutboxDeps;

beforeAll(async () => {
  ({ store } = await freshResources('flows-clients'));
  sink = await startSink();
  deps = { store, reply: { env: replyEnvFor(sink), fetch, timeoutMs: 2000 }, now: () => new Date(), retry: { baseMs: 10 } };
});
afterAll(() => sink.close());

let n = 0;
async function send(message: Partial<OutboundMessage> & Pick<OutboundMessage, 'platform'>) {
  const full: OutboundMessage = { channel: 'public', replyTo: 'r', recipient: 'u', account: 'acc', text: 'Hallo', ...message };
  const intent = await sendReply(deps, { flow: 'test', subject: `s${++n}`, brand: 'demo', mentionId: `m${n}`, message: full });
  const last = sink.requests().at(-1)!;
  return { intent, request: last };
}

describe('every reply client speaks its platform', () => {
  it('X: a reply tweet and a DM, bearer token', async () => {
    const reply = await send({ platform: 'x', replyTo: '1850000000000000001', text: 'Thanks!' });
    expect(reply.request).toMatchObject({ method: 'POST', path: '/x/2/tweets', json: { text: 'Thanks!', reply: { in_reply_to_tweet_id: '1850000000000000001' } } });
    expect(reply.request.headers.authorization).toBe('Bearer x-token');
    const dm = await send({ platform: 'x', channel: 'private', recipient: '2244994945', text: 'Is it solved now?' });
    expect(dm.request).toMatchObject({ method: 'POST', path: '/x/2/dm_conversations/with/2244994945/messages', json: { text: 'Is it solved now?' } });
    expect(dm.intent).toMatchObject({ state: 'sent', replyId: expect.any(String) });
  });

  it('Facebook: a comment reply, a private reply to the comment, Messenger in and after the window', async () => {
    const comment = await send({ platform: 'facebook', replyTo: '123_456', text: 'Dankjewel Anna!' });
    expect(comment.request).toMatchObject({ path: '/meta/v21.0/123_456/comments', json: { message: 'Dankjewel Anna!' } });
    expect(comment.request.headers.authorization).toBe('Bearer meta-token');
    const priv = await send({ platform: 'facebook', channel: 'private', privateReplyToComment: true, replyTo: '123_789', account: 'page-1', text: 'Opgelost?' });
    expect(priv.request).toMatchObject({
      path: '/meta/v21.0/page-1/messages',
      json: { recipient: { comment_id: '123_789' }, messaging_type: 'RESPONSE', message: { text: 'Opgelost?' } },
    });
    const messenger = await send({ platform: 'messenger', channel: 'private', recipient: 'psid-1', account: 'page-1' });
    expect(messenger.request.json).toEqual({ recipient: { id: 'psid-1' }, messaging_type: 'RESPONSE', message: { text: 'Hallo' } });
    const tagged = await send({ platform: 'messenger', channel: 'private', recipient: 'psid-1', account: 'page-1', tag: 'HUMAN_AGENT' });
    expect(tagged.request.json).toEqual({ recipient: { id: 'psid-1' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Hallo' } });
  });

  it('Instagram: a reply to a comment', async () => {
    const { request } = await send({ platform: 'instagram', replyTo: '17900000000000001', text: 'Thank you!' });
    expect(request).toMatchObject({ method: 'POST', path: '/meta/v21.0/17900000000000001/replies', json: { message: 'Thank you!' } });
  });

  it('WhatsApp Cloud: text in the window (quoting the message), an approved template outside it', async () => {
    const text = await send({ platform: 'whatsapp', channel: 'private', account: '10634295353625', recipient: '31612345678', replyTo: 'wamid.ABC', text: 'Is het opgelost?' });
    expect(text.request).toMatchObject({ path: '/meta/v21.0/10634295353625/messages' });
    expect(text.request.json).toEqual({
      messaging_product: 'whatsapp', recipient_type: 'individual', to: '31612345678', type: 'text',
      context: { message_id: 'wamid.ABC' }, text: { preview_url: false, body: 'Is het opgelost?' },
    });
    const template = await send({
      platform: 'whatsapp', channel: 'private', account: '10634295353625', recipient: '31612345678',
      template: { name: 'followup_check_in', language: 'nl', params: ['Piet'] },
    });
    expect(template.request.json).toEqual({
      messaging_product: 'whatsapp', recipient_type: 'individual', to: '31612345678', type: 'template',
      template: { name: 'followup_check_in', language: { code: 'nl' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Piet' }] }] },
    });
  });

  it('Google Business Profile: PUT the review reply', async () => {
    const review = 'accounts/108/locations/123/reviews/AIe9_x';
    const { request, intent } = await send({ platform: 'google', replyTo: review, text: 'Bedankt voor uw review!' });
    expect(request).toMatchObject({ method: 'PUT', path: `/google/v4/${review}/reply`, json: { comment: 'Bedankt voor uw review!' } });
    expect(request.headers.authorization).toBe('Bearer google-token');
    expect(intent.replyId).toBe(`${review}/reply`);
  });

  it('Trustpilot: POST the review reply with the business user', async () => {
    const { request } = await send({ platform: 'trustpilot', replyTo: '5e3de1b45fb06f0001790b51', text: 'Thanks for the kind words' });
    expect(request).toMatchObject({
      method: 'POST',
      path: '/trustpilot/v1/private/reviews/5e3de1b45fb06f0001790b51/reply',
      json: { authorBusinessUserId: 'bu-1', message: 'Thanks for the kind words' },
    });
    expect(request.headers.authorization).toBe('Bearer tp-token');
  });
});

describe('outbox failure modes', () => {
  it('fails at once, naming the variable, when a token is missing', async () => {
    const env = { ...deps.reply.env, tokens: { ...deps.reply.env.tokens, x: undefined } };
    const before = sink.requests().length;
    const intent = await sendReply({ ...deps, reply: { ...deps.reply, env } }, {
      flow: 'test', subject: 'no-token', brand: 'demo', mentionId: 'm', message: { platform: 'x', channel: 'public', replyTo: '1', recipient: 'u', account: 'a', text: 't' },
    });
    expect(intent).toMatchObject({ state: 'failed', attempts: 1, lastError: expect.stringMatching(/X_ACCESS_TOKEN is not set/) });
    expect(sink.requests().length).toBe(before);
  });

  it('treats a 4xx as permanent: one try, failed', async () => {
    sink.script({ prefix: '/x/2/dm_conversations/with/blocked-user', status: 403, body: { title: 'Forbidden' } });
    const { intent } = await send({ platform: 'x', channel: 'private', recipient: 'blocked-user' });
    expect(intent).toMatchObject({ state: 'failed', attempts: 1, lastError: expect.stringMatching(/403/) });
  });

  it('reads Meta throttling (HTTP 400, error code 613) as a rate limit and retries', async () => {
    sink.script({ prefix: '/meta/v21.0/throttled/comments', status: 400, body: { error: { code: 613, message: 'Calls to this api have exceeded the rate limit.' } }, times: 1 });
    const { intent } = await send({ platform: 'facebook', replyTo: 'throttled' });
    expect(intent).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('after a crash between send and mark: resends an idempotent PUT, never a tweet', async () => {
    const crashed = async (platform: string, replyTo: string) => {
      const message: OutboundMessage = { platform, channel: 'public', replyTo, recipient: 'u', account: 'a', text: 'crash' };
      const subject = `crash-${platform}`;
      const first = await sendReply(deps, { flow: 'test', subject, brand: 'demo', mentionId: 'm', message });
      // Simulate the lost mark: back to `sending` with an expired lease.
      await store.ddb.send(new UpdateItemCommand({
        TableName: store.table, Key: marshall(outboxKey(first.id)),
        UpdateExpression: 'SET #s = :sending, leaseUntil = :past REMOVE replyId',
        ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: marshall({ ':sending': 'sending', ':past': '2000-01-01T00:00:00Z' }),
      }));
      return deliver(deps, first.id);
    };
    const google = await crashed('google', 'accounts/1/locations/2/reviews/crash');
    expect(google.state).toBe('sent');
    expect(sink.requests('/google/v4/accounts/1/locations/2/reviews/crash/reply')).toHaveLength(2);
    const tweet = await crashed('x', '1850000000000000999');
    expect(tweet).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/outcome unknown/) });
    expect(sink.requests('/x/2/tweets').filter((r) => JSON.stringify(r.json).includes('1850000000000000999'))).toHaveLength(1);
  });

  it('after a send timed out (it may have been posted): looks for a Facebook comment, resends a Google PUT, never retweets', async () => {
    const impatient = { ...deps, reply: { ...deps.reply, timeoutMs: 150 } };
    const slow = (prefix: string) => sink.script({ prefix, status: 200, delayMs: 600, times: 1 });
    const post = (platform: string, replyTo: string, subject: string) =>
      sendReply(impatient, { flow: 'test', subject, brand: 'demo', mentionId: 'm', message: { platform, channel: 'public', replyTo, recipient: 'u', account: 'page-1', text: 'slow' } });

    slow('/x/2/tweets');
    expect(await post('x', '1850000000000000777', 'slow-x')).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/outcome unknown/) });
    expect(sink.requests('/x/2/tweets').filter((r) => r.body.includes('1850000000000000777'))).toHaveLength(1);

    slow('/meta/v21.0/123_slow/comments');
    sink.script({ prefix: '/meta/v21.0/123_slow/comments?', status: 200, body: { data: [{ id: '123_slow_ours', message: 'slow', from: { id: 'page-1' } }] } });
    expect(await post('facebook', '123_slow', 'slow-fb')).toMatchObject({ state: 'sent', replyId: '123_slow_ours' });
    expect(sink.requests('/meta/v21.0/123_slow/comments').filter((r) => r.method === 'POST')).toHaveLength(1);

    slow('/google/v4/accounts/1/locations/2/reviews/slow/reply');
    expect(await post('google', 'accounts/1/locations/2/reviews/slow', 'slow-google')).toMatchObject({ state: 'sent' });
    expect(sink.requests('/google/v4/accounts/1/locations/2/reviews/slow/reply')).toHaveLength(2);
  });

  it('gives up without resending when it cannot check whether a timed-out comment arrived', async () => {
    const impatient = { ...deps, reply: { ...deps.reply, timeoutMs: 150 } };
    sink.script({ prefix: '/meta/v21.0/123_unsure/comments', status: 200, delayMs: 600, times: 1 });
    // The lookup answers without a data list every time: no way to tell.
    sink.script({ prefix: '/meta/v21.0/123_unsure/comments?', status: 200, body: { error: 'none' } });
    const intent = await sendReply(impatient, {
      flow: 'test', subject: 'unsure-fb', brand: 'demo', mentionId: 'm', message: { platform: 'facebook', channel: 'public', replyTo: '123_unsure', recipient: 'u', account: 'page-1', text: 'unsure' },
    });
    expect(intent).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/^outcome unknown: could not check/) });
    expect(sink.requests('/meta/v21.0/123_unsure/comments').filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('retries a tweet that never left (connection refused) until its attempts run out', async () => {
    const gone = await startSink();
    await gone.close();
    const closed = replyEnvFor(gone);
    const intent = await sendReply({ ...deps, reply: { ...deps.reply, env: closed } }, {
      flow: 'test', subject: 'refused', brand: 'demo', mentionId: 'm', message: { platform: 'x', channel: 'public', replyTo: '1', recipient: 'u', account: 'a', text: 'refused' },
    });
    expect(intent).toMatchObject({ state: 'failed', attempts: 5, lastError: 'attempt 5: x: TypeError calling /x/2/tweets' });
  });
});
