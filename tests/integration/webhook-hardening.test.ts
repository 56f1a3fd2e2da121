import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookApp } from '../../functions/webhooks/app.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { thankYou } from '../../shared/flows/thank-you.ts';
import { MAX_TEXT_BYTES } from '../../shared/platforms/text.ts';
import type { Mention } from '../../shared/mention.ts';
import type { Store } from '../../shared/store/client.ts';
import { mentionId } from '../../shared/store/mentions.ts';
import { webhookApp } from '../support/apps.ts';
import { freshResources } from '../support/emulators.ts';
import { signed, testSecrets, xSignature } from '../support/sign.ts';
import { brandsWith, replyEnvFor } from '../unit/flows/fixtures.ts';

let store: Store;
let app: ReturnType<typeof webhookApp>;

beforeAll(async () => {
  ({ store } = await freshResources('hardening'));
  app = webhookApp(store);
});

async function mentions(s = store): Promise<Mention[]> {
  const out = await s.ddb.send(new ScanCommand({ TableName: s.table }));
  return (out.Items ?? []).map((i) => unmarshall(i)).filter((i) => i.type === 'mention') as Mention[];
}
const post = (route: Parameters<typeof signed>[0], body: string, on = app) => {
  const { path, init } = signed(route, body);
  return on.request(path, init);
};

const BRAND_X = '1500000000000000001';
const tweet = (id: string, text: string) =>
  JSON.stringify({
    for_user_id: BRAND_X,
    tweet_create_events: [{ id_str: id, text, created_at: 'Wed Nov 18 10:00:00 +0000 2026', user: { id_str: '42', screen_name: 'mallory' }, entities: { user_mentions: [{ id_str: BRAND_X }] } }],
  });

describe('item 1: the X CRC answer is no signing oracle', () => {
  it('refuses a body as crc_token (400 naming it), so a body "signed" through it is 401 and not stored', async () => {
    const body = tweet('1990000000000000001', 'Injected through the CRC route');
    const crc = await app.request(`/webhooks/x?crc_token=${encodeURIComponent(body)}`);
    expect(crc.status).toBe(400);
    const answer = (await crc.json()) as { response_token?: string; error?: { message: string } };
    expect(answer.error?.message).toMatch(/crc_token/);
    expect(answer.response_token).toBeUndefined();
    const forged = await app.request('/webhooks/x', { method: 'POST', body, headers: { 'x-twitter-webhooks-signature': answer.response_token ?? '' } });
    expect(forged.status).toBe(401);
    expect((await mentions()).some((m) => m.externalId === '1990000000000000001')).toBe(false);
  });

  it('still answers the opaque tokens X sends, and refuses over-long ones', async () => {
    const ok = await app.request('/webhooks/x?crc_token=bQVBPy0zZEFkM2I4LTk3ZWEtNDdlNy05MDBiLTRmODliZjVjNDRhZg==&nonce=MTY5');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { response_token: string }).response_token).toBe(xSignature('bQVBPy0zZEFkM2I4LTk3ZWEtNDdlNy05MDBiLTRmODliZjVjNDRhZg=='));
    expect((await app.request(`/webhooks/x?crc_token=${'a'.repeat(129)}`)).status).toBe(400);
  });
});

describe('item 5: a platform without its secret has no webhook', () => {
  it('answers 404 naming the platform on its routes, while configured platforms work', async () => {
    const { xConsumerSecret: _x, metaVerifyToken: _v, ...rest } = testSecrets;
    const partial = createWebhookApp({ store, brands: brandsWith(), secrets: rest, now: () => new Date() });
    const x = await post('x', tweet('1990000000000000002', 'hoi'), partial);
    expect(x.status).toBe(404);
    expect(((await x.json()) as { error: { message: string } }).error.message).toMatch(/"x"/);
    expect((await partial.request('/webhooks/x?crc_token=abc')).status).toBe(404);
    expect((await partial.request('/webhooks/meta?hub.mode=subscribe&hub.verify_token=&hub.challenge=1')).status).toBe(404);
    const meta = await post('meta', JSON.stringify({ object: 'page', entry: [{ id: '1', time: 1, changes: [{ field: 'videos', value: {} }] }] }), partial);
    expect(meta.status).toBe(200);
  });
});

describe('item 6: the generic source cannot pose as a platform wecare answers on', () => {
  const generic = (externalId: string) =>
    JSON.stringify({ platform: 'x', kind: 'mention', externalId, accountId: BRAND_X, author: { id: '42', handle: 'mallory', name: 'Anna' }, text: 'Wat een geweldige service, top geholpen!' });

  it('stores it in its own namespace: not an X mention, not the brand X account, no pre-empted tweet id', async () => {
    const res = await post('generic', generic('1990000000000000003'));
    expect(res.status).toBe(200);
    const stored = (await mentions()).find((m) => m.externalId === '1990000000000000003')!;
    expect(stored.platform).toBe('generic:x');
    expect(stored.brand).toBe('unknown');
    expect(stored.id).not.toBe(mentionId('demo', 'x', '1990000000000000003'));
    // The real tweet with that id still lands as the brand's X mention.
    const real = (await (await post('x', tweet('1990000000000000003', 'echte tweet'))).json()) as { stored: number };
    expect(real.stored).toBe(1);
    expect((await mentions()).find((m) => m.id === mentionId('demo', 'x', '1990000000000000003'))).toMatchObject({ platform: 'x', brand: 'demo' });
  });

  describe('even for a brand that configures a generic source named "x"', () => {
    let sink: RecordingSink;
    beforeAll(async () => (sink = await startSink()));
    afterAll(async () => sink.close());

    it('never reaches the X reply client', async () => {
      const { store: own } = await freshResources('hardening-generic');
      const brands = brandsWith({ accounts: { x: [BRAND_X], generic: [`x:${BRAND_X}`] } });
      const ownApp = createWebhookApp({ store: own, brands, secrets: testSecrets, now: () => new Date() });
      expect((await post('generic', generic('1990000000000000004'), ownApp)).status).toBe(200);
      const [stored] = await mentions(own);
      expect(stored).toMatchObject({ platform: 'generic:x', brand: 'demo' });
      const fan: Mention = { ...stored!, status: 'open', lang: 'nl', sentiment: { label: 'positive', score: 0.9, confidence: 0.9 }, intent: 'compliment', sarcasm: false };
      const deps = { store: own, brands, reply: { env: replyEnvFor(sink), fetch, timeoutMs: 2000 }, now: () => new Date(), retry: { baseMs: 20, maxInlineWaitMs: 500 } };
      const intent = await thankYou(deps, fan);
      expect(intent).toMatchObject({ state: 'skipped', reason: 'no reply client for generic:x' });
      expect(sink.requests()).toEqual([]);
    });
  });
});

describe('item 8: an over-long text is stored bounded, never a poison message', () => {
  const comment = (id: string, message: string, verb = 'add') =>
    JSON.stringify({
      object: 'page',
      entry: [{ id: '1234567890321', time: 1700000000, changes: [{ field: 'feed', value: { item: 'comment', verb, comment_id: id, post_id: '1234567890321_5', from: { id: 'u1', name: 'Els' }, created_time: 1700000000, message } }] }],
    });

  it('a well-signed 600 kB Meta comment is answered 200 and stored with the start of its text, marked truncated', async () => {
    const text = `Mijn factuur klopt niet 💡 ${'bla '.repeat(150_000)}`;
    const res = await post('meta', comment('big_1', text));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { stored: number }).stored).toBe(1);
    const stored = (await mentions()).find((m) => m.externalId === 'big_1')!;
    expect(stored.textTruncated).toBe(true);
    expect(Buffer.byteLength(stored.text)).toBeLessThanOrEqual(MAX_TEXT_BYTES);
    expect(text.startsWith(stored.text)).toBe(true);
    expect(stored.text.startsWith('Mijn factuur klopt niet 💡')).toBe(true);
  });

  it('a 600 kB edit is stored bounded too, and a short one clears the mark', async () => {
    expect((await post('meta', comment('big_2', 'kort'))).status).toBe(200);
    expect((await post('meta', comment('big_2', 'é'.repeat(300_000), 'edited'))).status).toBe(200);
    let stored = (await mentions()).find((m) => m.externalId === 'big_2')!;
    expect(stored).toMatchObject({ textTruncated: true, originalText: 'kort' });
    expect(Buffer.byteLength(stored.text)).toBeLessThanOrEqual(MAX_TEXT_BYTES);
    expect(stored.text).toMatch(/^é+$/);
    const again = JSON.parse(comment('big_2', 'weer kort', 'edited'));
    again.entry[0].changes[0].value.created_time = 1700000100;
    expect((await post('meta', JSON.stringify(again))).status).toBe(200);
    stored = (await mentions()).find((m) => m.externalId === 'big_2')!;
    expect(stored.text).toBe('weer kort');
    expect(stored.textTruncated).toBeUndefined();
  });
});

describe('item 16: well-signed events wecare does not model are 200 and counted as ignored', () => {
  it('Meta page changes without a value (parking, payment_options) in a two-entry batch', async () => {
    const before = (await mentions()).length;
    const body = JSON.stringify({
      object: 'page',
      entry: [
        { id: '1234567890321', time: 1700000000, changes: [{ field: 'parking' }] },
        { id: '1234567890321', time: 1700000001, changes: [{ field: 'payment_options' }] },
      ],
    });
    const res = await post('meta', body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, stored: 0, ignored: 2 });
    expect((await mentions()).length).toBe(before);
  });

  it('a modelled field without a value, and an entry with neither changes nor messaging, are ignored too', async () => {
    const body = JSON.stringify({ object: 'page', entry: [{ id: '1234567890321', time: 1, changes: [{ field: 'feed' }] }, { id: '1234567890321', time: 1, standby: [{}] }] });
    const res = await post('meta', body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ignored: 2 });
  });

  it('an X event type wecare does not know is ignored beside the ones it reads', async () => {
    const body = JSON.stringify({ ...JSON.parse(tweet('1990000000000000005', 'hallo')), tweet_edit_events: [{ id: '1' }] });
    const res = await post('x', body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stored: 1, ignored: 1 });
  });

  it('a body that is no Meta or X envelope at all is still 400', async () => {
    expect((await post('meta', JSON.stringify({ hello: 'world' }))).status).toBe(400);
    expect((await post('x', JSON.stringify({ for_user_id: BRAND_X }))).status).toBe(400);
  });
});
