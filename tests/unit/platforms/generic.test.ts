import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { KNOWN_PLATFORMS } from '../../../shared/mention.ts';
import { genericWebhook } from '../../../shared/platforms/generic/webhook.ts';
import { genericPlatform } from '../../../shared/platforms/generic/parse.ts';
import { canReply, platformAdapters } from '../../../shared/platforms/index.ts';
import { NOW, inbound, onlyMention, ownFixture, secrets, thrown } from './support.ts';

// The Standard Webhooks spec's test vector (also in ../shared/fixtures/README.md).
const VECTOR = {
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const AT_VECTOR = new Date(1614265330 * 1000);

const headers = (over: Record<string, string> = {}) => ({
  'webhook-id': VECTOR.id,
  'webhook-timestamp': VECTOR.timestamp,
  'webhook-signature': VECTOR.signature,
  ...over,
});
const verify = (h: Record<string, string>, body = VECTOR.body, now = AT_VECTOR) => genericWebhook.verify(inbound(body, h), secrets, now);

describe('Standard Webhooks signature', () => {
  it('accepts the spec test vector', () => {
    expect(() => verify(headers())).not.toThrow();
  });

  it('accepts a matching signature among several (key rotation)', () => {
    expect(() => verify(headers({ 'webhook-signature': `v1,bm9wZQ== ${VECTOR.signature}` }))).not.toThrow();
  });

  it('a one-byte change to body or signature → unauthorized', () => {
    expect(thrown(() => verify(headers(), '{"test": 2432232315}'))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('webhook-signature') });
    const sig = VECTOR.signature.replace('g0hM', 'g0hN');
    expect(thrown(() => verify(headers({ 'webhook-signature': sig })))).toMatchObject({ code: 'unauthorized' });
    expect(thrown(() => verify(headers({ 'webhook-id': `${VECTOR.id}x` })))).toMatchObject({ code: 'unauthorized' });
  });

  it('stale or future timestamps → unauthorized, judged by the injected clock', () => {
    expect(thrown(() => verify(headers(), VECTOR.body, new Date(AT_VECTOR.getTime() + 301_000)))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('webhook-timestamp') });
    expect(thrown(() => verify(headers(), VECTOR.body, new Date(AT_VECTOR.getTime() - 301_000)))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('webhook-timestamp') });
    expect(() => verify(headers(), VECTOR.body, new Date(AT_VECTOR.getTime() + 299_000))).not.toThrow();
  });

  it('missing headers or a malformed timestamp → unauthorized naming the header', () => {
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const h: Record<string, string> = headers();
      delete h[name];
      expect(thrown(() => verify(h))).toMatchObject({ code: 'unauthorized', message: `${name}: missing` });
    }
    expect(thrown(() => verify(headers({ 'webhook-timestamp': '1614265330.5' })))).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('webhook-timestamp') });
  });
});

describe('generic mention body', () => {
  const body = ownFixture('generic/appstore-review.json');
  const parse = (raw: string, h: Record<string, string> = { 'webhook-id': 'msg_1' }) => genericWebhook.parse(inbound(raw, h), NOW);

  it('a signed delivery from the package itself verifies and parses', () => {
    const ts = new Date(Math.floor(NOW.getTime() / 1000) * 1000);
    const signature = new Webhook(secrets.webhookSecret).sign('msg_2', ts, body);
    const h = { 'webhook-id': 'msg_2', 'webhook-timestamp': String(ts.getTime() / 1000), 'webhook-signature': signature };
    expect(() => genericWebhook.verify(inbound(body, h), secrets, NOW)).not.toThrow();
    expect(onlyMention(parse(body, h)).externalId).toBe('msg_2');
  });

  it('externalId defaults to webhook-id so a redelivery stores once; createdAt normalized to ISO', () => {
    const d = onlyMention(parse(body));
    expect(d).toEqual({
      platform: 'appstore',
      kind: 'review',
      externalId: 'msg_1',
      accountId: 'demo',
      author: { id: 'appstore-user-8f3a', name: 'Lotte' },
      text: 'App crasht sinds de laatste update bij het openen van mijn bestellingen.',
      lang: 'nl',
      rating: 1,
      url: 'https://apps.apple.com/nl/app/demo/id1234567890?see-all=reviews',
      createdAt: '2024-03-12T08:00:00.000Z',
    });
  });

  it('an explicit externalId wins; createdAt defaults to now; unknown fields are dropped', () => {
    const raw = JSON.stringify({ platform: 'email', kind: 'dm', externalId: '<abc@mail>', accountId: 'demo', author: { id: 'a@b.c' }, text: 'hi', secretSauce: 1 });
    const d = onlyMention(parse(raw));
    expect(d).toMatchObject({ externalId: '<abc@mail>', createdAt: NOW.toISOString() });
    expect(d).not.toHaveProperty('secretSauce');
  });

  it('wrong types and missing fields → bad_request naming the field', () => {
    expect(thrown(() => parse('{'))).toMatchObject({ code: 'bad_request', message: 'body: not valid JSON' });
    const base = JSON.parse(body);
    expect(thrown(() => parse(JSON.stringify({ ...base, rating: 'five' })))).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^rating: /) });
    expect(thrown(() => parse(JSON.stringify({ ...base, kind: 'tweet' }))).message).toMatch(/^kind: /);
    expect(thrown(() => parse(JSON.stringify({ ...base, author: {} }))).message).toMatch(/^author\.id: /);
    expect(thrown(() => parse(JSON.stringify({ ...base, createdAt: 'yesterday' })))).toMatchObject({ message: 'createdAt: not a date' });
  });
});

describe('item 6: generic platform names', () => {
  const parse = (platform: string) =>
    onlyMention(genericWebhook.parse(inbound(JSON.stringify({ platform, kind: 'review', accountId: 'demo', author: { id: 'a' }, text: 't' }), { 'webhook-id': 'msg_6' }), NOW));

  it('keeps a name of its own, and files a name wecare owns under generic:', () => {
    expect(parse('appstore').platform).toBe('appstore');
    expect(parse('x').platform).toBe('generic:x');
    expect(parse('Facebook').platform).toBe('generic:facebook');
    expect(parse('messenger').platform).toBe('generic:messenger');
  });

  it('no generic platform can ever select a reply client (every client platform is reserved)', () => {
    const clientPlatforms = Object.values(platformAdapters).filter((a) => a.reply).map((a) => a.platform);
    for (const name of [...clientPlatforms, ...KNOWN_PLATFORMS, 'X', 'WhatsApp', 'appstore']) {
      expect(canReply(genericPlatform(name)), name).toBe(false);
    }
  });
});
