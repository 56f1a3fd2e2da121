import { describe, expect, it } from 'vitest';
import { metaWebhook } from '../../../shared/platforms/meta/webhook.ts';
import { NOW, inbound, mentions, metaSignature, onlyMention, secrets, sharedFixture, thrown } from './support.ts';

const parse = (body: string) => metaWebhook.parse(inbound(body), NOW);
const fixture = (name: string) => parse(sharedFixture(`meta/${name}.json`));

describe('Meta fixtures give what ../shared/fixtures/README.md says', () => {
  it('feed-comment-add: one comment, the page replying to its own post (fromBrand)', () => {
    const d = onlyMention(fixture('facebook/feed-comment-add-211'));
    expect(d).toMatchObject({
      platform: 'facebook',
      kind: 'comment',
      externalId: '901097836652708_903438993085259',
      accountId: '1234567890321',
      threadId: '1234567890321_901097836652708',
      inReplyTo: '1234567890321_901097836652708',
      author: { id: '1234567890321', name: 'Tester' },
      text: 'and the next one',
      createdAt: '2015-12-03T09:30:03.000Z',
      fromBrand: true,
    });
  });

  it('feed-post-add: one post by a visitor, numeric sender id as a string', () => {
    const d = onlyMention(fixture('facebook/feed-post-add-25'));
    expect(d).toMatchObject({ kind: 'post', externalId: '1234567890321_7293787835232', author: { id: '8423678347823', name: 'John Doe' }, text: "Let's check this" });
    expect(d.fromBrand).toBeUndefined();
  });

  it('mention-post-add-real: one page mention with its text', () => {
    const d = onlyMention(fixture('facebook/mention-post-add-real'));
    expect(d).toMatchObject({ kind: 'mention', externalId: '1234567890321_98722536423179', text: 'A test post message', createdAt: '2021-02-26T11:56:02.000Z' });
    expect(d.fromBrand).toBeUndefined();
  });

  it('ratings-rating-add: one review; the star rating wins over the recommendation', () => {
    const d = onlyMention(fixture('facebook/ratings-rating-add-31'));
    expect(d).toMatchObject({ kind: 'review', externalId: '904801129604590', rating: 3, text: 'Ja ziemlich coole Sache', author: { id: '705955836155788', name: 'Tester' } });
  });

  it('messaging-message-basic: one Messenger dm, numeric ids as strings', () => {
    const d = onlyMention(fixture('facebook/messaging-message-basic'));
    expect(d).toMatchObject({
      platform: 'messenger',
      kind: 'dm',
      externalId: 'mid.1457764197618:41d102a3e1ae206a38',
      accountId: '12345654332',
      threadId: '987654321432',
      author: { id: '987654321432' },
      text: 'hello, world!',
      createdAt: '2016-03-12T06:29:57.627Z',
    });
  });

  it('instagram wh-comments-2021: one comment threaded on its media', () => {
    const d = onlyMention(fixture('instagram/wh-comments-2021'));
    expect(d).toMatchObject({ platform: 'instagram', kind: 'comment', externalId: '123456789', accountId: '0', threadId: '76543987', inReplyTo: '987654321', author: { id: '1234536447', handle: 'testuser' }, text: 'This is an example.' });
  });

  it('instagram wh-mentions: stored with ids only, text pending a fetch', () => {
    const d = onlyMention(fixture('instagram/wh-mentions'));
    expect(d).toMatchObject({ platform: 'instagram', kind: 'mention', externalId: '17887498072083520', text: '', textPending: true });
  });

  it('whatsapp text: one dm with the contact name and phone number id as account', () => {
    const d = onlyMention(fixture('whatsapp/webhook-incoming-message-text'));
    expect(d).toMatchObject({
      platform: 'whatsapp',
      kind: 'dm',
      externalId: 'wamid.HBgNNDkxNTIwOTgzMzM5OBUCABIYHGDEHJVFHJEVCFHJEVBCMTkyODk1OEIyAA==',
      accountId: '10634295353625',
      threadId: '491234567890',
      author: { id: '491234567890', name: 'TestUser' },
      text: 'Test',
      createdAt: '2022-05-22T21:01:53.000Z',
    });
  });

  it('whatsapp image: caption as text and the media id kept', () => {
    const d = onlyMention(fixture('whatsapp/webhook-incoming-message-image'));
    expect(d.text).toBe('Some awesome image');
    expect(d.media).toEqual([{ type: 'image', id: '400962571939895' }]);
  });

  it('whatsapp image without caption: stored with empty text, never dropped', () => {
    const body = JSON.parse(sharedFixture('meta/whatsapp/webhook-incoming-message-image.json'));
    delete body.entry[0].changes[0].value.messages[0].image.caption;
    const d = onlyMention(parse(JSON.stringify(body)));
    expect(d.text).toBe('');
    expect(d.media).toEqual([{ type: 'image', id: '400962571939895' }]);
  });

  it.each([
    ['facebook/feed-like-add-25', 'feed like add'],
    ['facebook/messaging-read-basic', 'messaging read'],
    ['facebook/messaging-delivery-basic', 'messaging delivery'],
    ['whatsapp/webhook-incoming-message-status-ui', 'whatsapp status sent'],
  ])('%s: accepted, no mention', (name, reason) => {
    expect(fixture(name)).toEqual([{ type: 'ignored', platform: expect.any(String), reason }]);
  });

  it('feed-comment-hide: a hidden state change for the comment, no mention', () => {
    expect(fixture('facebook/feed-comment-hide')).toEqual([
      { type: 'state', platform: 'facebook', externalId: '900728623356296_900744590021366', eventId: 'hide:900728623356296_900744590021366:1467894562', state: 'hidden', at: '2016-07-07T12:29:22.000Z' },
    ]);
  });
});

const feedBody = (value: Record<string, unknown>, entryId = '1234567890321') =>
  JSON.stringify({ object: 'page', entry: [{ id: entryId, time: 1710000000, changes: [{ field: 'feed', value }] }] });

describe('Meta changes beyond the fixtures', () => {
  it('lowercase recommendation without stars maps positive → 5, negative → 1', () => {
    const body = (type: string) => JSON.stringify({ object: 'page', entry: [{ id: 1, time: 1, changes: [{ field: 'ratings', value: { item: 'rating', verb: 'add', open_graph_story_id: '9', reviewer_id: 7, recommendation_type: type, review_text: 'x' } }] }] });
    expect(onlyMention(parse(body('positive'))).rating).toBe(5);
    expect(onlyMention(parse(body('NEGATIVE'))).rating).toBe(1);
  });

  it('an edited comment becomes an edit keyed by id and time; remove a deleted state', () => {
    const edit = parse(feedBody({ item: 'comment', verb: 'edited', comment_id: '1_2', post_id: '1_1', message: 'new words', created_time: 1710000100 }));
    expect(edit).toEqual([{ type: 'edit', platform: 'facebook', externalId: '1_2', eventId: 'edit:1_2:1710000100', text: 'new words', at: '2024-03-09T16:01:40.000Z' }]);
    const removed = parse(feedBody({ item: 'comment', verb: 'remove', comment_id: '1_2', post_id: '1_1' }));
    expect(removed).toMatchObject([{ type: 'state', externalId: '1_2', eventId: 'delete:1_2', state: 'deleted' }]);
  });

  it('a Messenger echo is the page speaking: fromBrand, threaded on the customer', () => {
    const body = JSON.stringify({ object: 'page', entry: [{ id: '12345654332', time: 1, messaging: [{ sender: { id: '12345654332' }, recipient: { id: '555' }, timestamp: 1710000000000, message: { mid: 'm_echo', text: 'We are on it', is_echo: true } }] }] });
    expect(onlyMention(parse(body))).toMatchObject({ fromBrand: true, author: { id: '12345654332' }, accountId: '12345654332', threadId: '555' });
  });

  it('a 1000-change batch gives 1000 events, in order', () => {
    const changes = Array.from({ length: 1000 }, (_, i) => ({ field: 'feed', value: { item: 'comment', verb: 'add', comment_id: `1_${i}`, post_id: '1_0', from: { id: String(i), name: 'n' }, message: `c${i}`, created_time: 1710000000 } }));
    const events = parse(JSON.stringify({ object: 'page', entry: [{ id: '1234567890321', time: 1710000000, changes }] }));
    expect(events).toHaveLength(1000);
    expect(mentions(events).map((d) => d.externalId)).toEqual(changes.map((c) => c.value.comment_id));
  });

  it('iterates all entries, not only the first', () => {
    const entry = (id: string) => ({ id, time: 1, changes: [{ field: 'feed', value: { item: 'post', verb: 'add', post_id: `${id}_1`, from: { id: '9' }, message: 'hi' } }] });
    const events = parse(JSON.stringify({ object: 'page', entry: [entry('1'), entry('2'), entry('3')] }));
    expect(mentions(events).map((d) => d.accountId)).toEqual(['1', '2', '3']);
  });

  it('unknown fields and objects are acknowledged, not errors', () => {
    expect(parse(feedBody({ item: 'reaction', verb: 'add', post_id: '1_1' }))).toMatchObject([{ type: 'ignored' }]);
    expect(parse(JSON.stringify({ object: 'page', entry: [{ id: 1, time: 1, changes: [{ field: 'videos', value: {} }] }] }))).toMatchObject([{ type: 'ignored', reason: 'field videos' }]);
    expect(parse(JSON.stringify({ object: 'user', entry: [] }))).toMatchObject([{ type: 'ignored', reason: 'object user' }]);
  });
});

describe('Meta bad input', () => {
  it('not JSON → bad_request', () => {
    expect(thrown(() => parse('{"object":'))).toMatchObject({ code: 'bad_request', message: 'body: not valid JSON' });
  });

  it('no known shape → bad_request "no known event in body"', () => {
    expect(thrown(() => parse('{"hello":"world"}'))).toMatchObject({ code: 'bad_request', message: 'no known event in body' });
    expect(thrown(() => parse('[1,2]'))).toMatchObject({ code: 'bad_request', message: 'no known event in body' });
  });

  it('a wrong type names the field path', () => {
    const err = thrown(() => parse(feedBody({ item: 'comment', verb: 'add', comment_id: '1_2', post_id: '1_1', message: 42 })));
    expect(err.code).toBe('bad_request');
    expect(err.message).toMatch(/^entry\.0\.changes\.0\.value\.message: /);
  });

  it('a comment without its id names the missing field', () => {
    const err = thrown(() => parse(feedBody({ item: 'comment', verb: 'add', post_id: '1_1', message: 'hi' })));
    expect(err).toMatchObject({ code: 'bad_request', message: 'entry.0.changes.0.value.comment_id: required for a comment add' });
  });

  it('entry not an array names entry', () => {
    expect(thrown(() => parse('{"object":"page","entry":{}}')).message).toMatch(/^entry: /);
  });
});

describe('Meta signature (X-Hub-Signature-256)', () => {
  const body = sharedFixture('meta/facebook/feed-comment-add-211.json');
  const verify = (raw: string, headers: Record<string, string>) => metaWebhook.verify(inbound(raw, headers), secrets, NOW);

  it('accepts the HMAC of the raw body', () => {
    expect(() => verify(body, { 'X-Hub-Signature-256': metaSignature(body) })).not.toThrow();
  });

  it('verifies escaped non-ASCII (\\u00e9) over the raw bytes, not re-serialized JSON', () => {
    const raw = '{"object":"page","entry":[{"id":"1","time":1,"changes":[{"field":"feed","value":{"item":"post","verb":"add","post_id":"1_2","from":{"id":"3"},"message":"caf\\u00e9 cr\\u00e8me"}}]}]}';
    expect(raw).toContain('\\u00e9');
    expect(() => verify(raw, { 'x-hub-signature-256': metaSignature(raw) })).not.toThrow();
    const reserialized = JSON.stringify(JSON.parse(raw));
    expect(() => verify(raw, { 'x-hub-signature-256': metaSignature(reserialized) })).toThrow(/X-Hub-Signature-256/);
    expect(onlyMention(parse(raw)).text).toBe('café crème');
  });

  it('a one-byte change to body or signature → unauthorized naming the header', () => {
    const sig = metaSignature(body);
    const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
    expect(thrown(() => verify(body.replace('next', 'nexT'), { 'x-hub-signature-256': sig }))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('X-Hub-Signature-256') });
    expect(thrown(() => verify(body, { 'x-hub-signature-256': flipped }))).toMatchObject({ code: 'unauthorized' });
  });

  it('missing or short signature → unauthorized', () => {
    expect(thrown(() => verify(body, {}))).toMatchObject({ code: 'unauthorized', message: 'X-Hub-Signature-256: missing' });
    expect(thrown(() => verify(body, { 'x-hub-signature-256': 'sha256=abc' }))).toMatchObject({ code: 'unauthorized' });
  });
});
