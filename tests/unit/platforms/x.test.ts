import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { xCrcResponse } from '../../../shared/platforms/webhooks.ts';
import { xWebhook } from '../../../shared/platforms/x/webhook.ts';
import { NOW, inbound, onlyMention, ownFixture, secrets, thrown, xSignature } from './support.ts';

const parse = (body: string) => xWebhook.parse(inbound(body), NOW);
const fixture = (name: string) => parse(ownFixture(`x/${name}.json`));
const BRAND = '1500000000000000001';

describe('X Account Activity tweets', () => {
  it('a reply: full text from extended_tweet, thread = conversation, exact big ids', () => {
    const d = onlyMention(fixture('tweet-reply-extended'));
    expect(d).toMatchObject({
      platform: 'x',
      kind: 'reply',
      externalId: '1767478102231003137',
      accountId: BRAND,
      threadId: '1767470001122334721',
      inReplyTo: '1767470001122334721',
      author: { id: '1600000000000000123', handle: 'sannedv', name: 'Sanne de Vries', followers: 312 },
      lang: 'en',
      url: 'https://x.com/sannedv/status/1767478102231003137',
      createdAt: '2024-03-12T09:14:03.660Z',
    });
    expect(d.text).toBe("@DemoBrand I ordered on the 2nd and my parcel still hasn't arrived, tracking has said 'in transit' for a week now. Order 48213. Can someone look into this? 😞");
    expect(d.fromBrand).toBeUndefined();
  });

  it('big ids stay exact even though the numeric id field would round', () => {
    const raw = ownFixture('x/tweet-reply-extended.json');
    expect(String(JSON.parse(raw).tweet_create_events[0].id)).not.toBe('1767478102231003137');
    expect(onlyMention(parse(raw)).externalId).toBe('1767478102231003137');
  });

  it('a tweet that @mentions the brand is a mention; thread = its own id', () => {
    const d = onlyMention(fixture('tweet-mention'));
    expect(d).toMatchObject({ kind: 'mention', externalId: '1767505432111222785', threadId: '1767505432111222785', lang: 'nl', author: { id: '98765432', handle: 'joost_b' } });
    expect(d.inReplyTo).toBeUndefined();
  });

  it("the brand's own tweet is stored as fromBrand", () => {
    const d = onlyMention(fixture('tweet-by-brand'));
    expect(d).toMatchObject({ kind: 'reply', fromBrand: true, author: { id: BRAND }, threadId: '1767470001122334721', inReplyTo: '1767478102231003137' });
  });

  it('a tweet neither replying nor mentioning is a post; a retweet is ignored', () => {
    const tweet = { id_str: '5', text: 'hello', user: { id_str: '7', screen_name: 'a' }, timestamp_ms: '1710000000000' };
    expect(onlyMention(parse(JSON.stringify({ for_user_id: BRAND, tweet_create_events: [tweet] }))).kind).toBe('post');
    expect(parse(JSON.stringify({ for_user_id: BRAND, tweet_create_events: [{ ...tweet, retweeted_status: { id_str: '4' } }] }))).toMatchObject([{ type: 'ignored' }]);
  });
});

describe('X edited tweets', () => {
  const tweet = (id: string, text: string, chain: string[]) =>
    JSON.stringify({
      for_user_id: BRAND,
      tweet_create_events: [
        { id_str: id, text, timestamp_ms: '1763892000000', user: { id_str: '98765432', screen_name: 'joost_b' }, edit_history: { initial_tweet_id: chain[0], edit_tweet_ids: chain } },
      ],
    });

  it('an edit (a new id in the chain) revises the mention stored for the first id', () => {
    expect(parse(tweet('1860000000000000002', '@DemoBrand nog steeds geen internet, al 3 dagen', ['1860000000000000001', '1860000000000000002']))).toEqual([
      { type: 'edit', platform: 'x', externalId: '1860000000000000001', eventId: 'edit:1860000000000000002', text: '@DemoBrand nog steeds geen internet, al 3 dagen', at: '2025-11-23T10:00:00.000Z', accountId: BRAND },
    ]);
  });

  it('an unedited tweet (a chain of itself) is a new mention', () => {
    expect(onlyMention(parse(tweet('1860000000000000003', '@DemoBrand top geholpen!', ['1860000000000000003'])))).toMatchObject({ externalId: '1860000000000000003' });
  });
});

describe('X direct messages', () => {
  it('inbound: author from the users map, thread = the customer', () => {
    const d = onlyMention(fixture('dm-inbound'));
    expect(d).toMatchObject({
      kind: 'dm',
      externalId: '1767483999887766532',
      accountId: BRAND,
      threadId: '1600000000000000123',
      author: { id: '1600000000000000123', handle: 'sannedv', name: 'Sanne de Vries', followers: 312 },
      text: 'Hi, order number is 48213. Thanks for looking into it!',
      createdAt: '2024-03-12T09:37:28.123Z',
    });
    expect(d.fromBrand).toBeUndefined();
  });

  it('outbound (sent by the brand): fromBrand, same thread, media kept', () => {
    const d = onlyMention(fixture('dm-outbound'));
    expect(d).toMatchObject({ kind: 'dm', fromBrand: true, threadId: '1600000000000000123', author: { id: BRAND, handle: 'DemoBrand' } });
    expect(d.media).toEqual([{ type: 'photo', id: '1767485100011122689', url: expect.stringContaining('label.jpg') }]);
  });
});

describe('X other events', () => {
  it('a like is acknowledged, nothing stored', () => {
    expect(fixture('favorite')).toEqual([{ type: 'ignored', platform: 'x', reason: 'favorite_events' }]);
  });

  it('a tweet delete becomes a deleted state change', () => {
    expect(fixture('tweet-delete')).toEqual([
      { type: 'state', platform: 'x', externalId: '1767505432111222785', eventId: 'delete:1767505432111222785', state: 'deleted', at: '2024-03-12T12:53:20.000Z', accountId: '1500000000000000001' },
    ]);
  });

  it('typing indicators and unknown DM types are ignored', () => {
    expect(parse(JSON.stringify({ for_user_id: BRAND, direct_message_indicate_typing_events: [{}] }))).toMatchObject([{ type: 'ignored' }]);
  });
});

describe('X bad input', () => {
  it('not JSON, or no known event → bad_request', () => {
    expect(thrown(() => parse('nope'))).toMatchObject({ code: 'bad_request', message: 'body: not valid JSON' });
    expect(thrown(() => parse('{"for_user_id":"1"}'))).toMatchObject({ code: 'bad_request', message: 'no known event in body' });
  });

  it('a wrong type names the field path', () => {
    const body = JSON.stringify({ for_user_id: BRAND, tweet_create_events: [{ id_str: 5, user: { id_str: '7' } }] });
    expect(thrown(() => parse(body))).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^tweet_create_events\.0\.id_str: /) });
  });

  it('tweets without for_user_id → bad_request naming it', () => {
    const body = JSON.stringify({ tweet_create_events: [{ id_str: '5', user: { id_str: '7' } }] });
    expect(thrown(() => parse(body)).message).toMatch(/^for_user_id: /);
  });
});

describe('X signature and CRC', () => {
  const body = ownFixture('x/tweet-mention.json');
  const verify = (headers: Record<string, string>, raw = body) => xWebhook.verify(inbound(raw, headers), secrets, NOW);

  it('accepts sha256=base64(HMAC(consumer secret, raw body))', () => {
    expect(() => verify({ 'x-twitter-webhooks-signature': xSignature(body) })).not.toThrow();
  });

  it('missing, wrong, or for a one-byte-different body → unauthorized naming the header', () => {
    expect(thrown(() => verify({}))).toMatchObject({ code: 'unauthorized', message: 'x-twitter-webhooks-signature: missing' });
    expect(thrown(() => verify({ 'x-twitter-webhooks-signature': xSignature(body, 'other') }))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('x-twitter-webhooks-signature') });
    expect(thrown(() => verify({ 'x-twitter-webhooks-signature': xSignature(body) }, body.replace('top', 'tip')))).toMatchObject({ code: 'unauthorized' });
  });

  it('CRC answer is sha256=base64(HMAC(secret, crc_token))', () => {
    const expected = createHmac('sha256', 'secret').update('challenge-123').digest('base64');
    expect(xCrcResponse('challenge-123', 'secret')).toEqual({ response_token: `sha256=${expected}` });
    expect(thrown(() => xCrcResponse(undefined, 'secret'))).toMatchObject({ code: 'bad_request', message: expect.stringContaining('crc_token') });
  });
});
