import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../shared/store/client.ts';
import { listMentions } from '../../shared/store/mention-reads.ts';
import { mentionId } from '../../shared/store/mentions.ts';
import { applyParkedChanges } from '../../shared/store/parked-changes.ts';
import { sharedFixture, webhookApp } from '../support/apps.ts';
import { freshResources } from '../support/emulators.ts';
import { signed } from '../support/sign.ts';

let store: Store;
let app: ReturnType<typeof webhookApp>;

beforeAll(async () => {
  ({ store } = await freshResources('ingest'));
  app = webhookApp(store);
});

async function mentionItems() {
  const out = await store.ddb.send(new ScanCommand({ TableName: store.table }));
  return (out.Items ?? []).map((i) => unmarshall(i)).filter((i) => i.type === 'mention');
}

async function post(route: Parameters<typeof signed>[0], body: string, id?: string) {
  const { path, init } = signed(route, body, id);
  return app.request(path, init);
}

describe('Meta fixtures from ../shared/fixtures', () => {
  const oneMention: Array<[string, string, string]> = [
    ['facebook/feed-comment-add-211.json', 'facebook', '901097836652708_903438993085259'],
    ['facebook/feed-post-add-25.json', 'facebook', ''],
    ['facebook/mention-post-add-real.json', 'facebook', ''],
    ['facebook/ratings-rating-add-31.json', 'facebook', '904801129604590'],
    ['facebook/messaging-message-basic.json', 'messenger', ''],
    ['instagram/wh-comments-2021.json', 'instagram', ''],
    ['whatsapp/webhook-incoming-message-text.json', 'whatsapp', 'wamid.HBgNNDkxNTIwOTgzMzM5OBUCABIYHGDEHJVFHJEVCFHJEVBCMTkyODk1OEIyAA=='],
    ['instagram/wh-mentions.json', 'instagram', '17887498072083520'],
  ];

  it.each(oneMention)('%s stores exactly one mention, even delivered three times', async (file, platform, externalId) => {
    const before = new Set((await mentionItems()).map((i) => i.id));
    const body = sharedFixture(`meta/${file}`);
    const answers = await Promise.all([post('meta', body), post('meta', body), post('meta', body)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const added = (await mentionItems()).filter((i) => !before.has(i.id));
    expect(added).toHaveLength(1);
    expect(added[0]!.platform).toBe(platform);
    if (externalId) expect(added[0]!.id).toBe(mentionId('demo', platform, externalId));
    expect(added[0]!.brand).toBe('demo');
  });

  it.each([
    'facebook/feed-like-add-25.json',
    'facebook/messaging-read-basic.json',
    'facebook/messaging-delivery-basic.json',
    'whatsapp/webhook-incoming-message-status-ui.json',
  ])('%s is accepted with no new mention', async (file) => {
    const before = (await mentionItems()).length;
    const res = await post('meta', sharedFixture(`meta/${file}`));
    expect(res.status).toBe(200);
    expect((await mentionItems()).length).toBe(before);
  });

  it('keeps a WhatsApp image with its media instead of dropping it, caption or not', async () => {
    // The image fixture reuses the text fixture's wamid, so it gets a table of its own.
    const own = (await freshResources('ingest-image')).store;
    const imageApp = webhookApp(own);
    const fixture = JSON.parse(sharedFixture('meta/whatsapp/webhook-incoming-message-image.json'));
    const captioned = JSON.stringify(fixture);
    delete fixture.entry[0].changes[0].value.messages[0].image.caption;
    fixture.entry[0].changes[0].value.messages[0].id = 'wamid.no-caption';
    const bare = JSON.stringify(fixture);
    for (const body of [captioned, bare]) {
      const { path, init } = signed('meta', body);
      expect((await imageApp.request(path, init)).status).toBe(200);
    }
    const out = await own.ddb.send(new ScanCommand({ TableName: own.table }));
    const items = (out.Items ?? []).map((i) => unmarshall(i));
    expect(items).toHaveLength(2);
    expect(items.map((i) => i.media?.[0]?.type)).toEqual(['image', 'image']);
    expect(items.map((i) => i.text).sort()).toEqual(['', 'Some awesome image']);
  });

  it('stores the Instagram mention with ids only as waiting for its text', async () => {
    const items = await mentionItems();
    const mention = items.find((i) => i.id === mentionId('demo', 'instagram', '17887498072083520'));
    expect(mention?.textPending).toBe(true);
    expect(mention?.text).toBe('');
  });

  it('a hide of a stored comment updates its state and keeps its text', async () => {
    const hide = JSON.parse(sharedFixture('meta/facebook/feed-comment-hide.json'));
    const value = hide.entry[0].changes[0].value;
    // Store the comment the hide refers to first, as the platform would have sent it.
    const add = {
      object: 'page',
      entry: [{ id: hide.entry[0].id, time: hide.entry[0].time - 60, changes: [{ field: 'feed', value: { ...value, verb: 'add', message: 'Wanneer is de storing voorbij?', from: { id: '4242', name: 'Klant' } } }] }],
    };
    expect((await post('meta', JSON.stringify(add))).status).toBe(200);
    expect((await post('meta', JSON.stringify(hide))).status).toBe(200);
    expect((await post('meta', JSON.stringify(hide))).status).toBe(200);
    const stored = (await mentionItems()).find((i) => i.id === mentionId('demo', 'facebook', String(value.comment_id)));
    expect(stored?.platformState).toBe('hidden');
    expect(stored?.text).toBe('Wanneer is de storing voorbij?');
  });
});

describe('batches and concurrency', () => {
  it('stores every change of a 1000-change Meta batch', async () => {
    const changes = Array.from({ length: 1000 }, (_, n) => ({
      field: 'feed',
      value: { item: 'comment', verb: 'add', comment_id: `batch_${n}`, post_id: '1234567890321_1', parent_id: '1234567890321_1', from: { id: `u${n}`, name: `Fan ${n}` }, created_time: 1700000000 + n, message: `comment ${n}` },
    }));
    const body = JSON.stringify({ object: 'page', entry: [{ id: '1234567890321', time: 1700000000, changes }] });
    const res = await post('meta', body);
    expect(res.status).toBe(200);
    const page = await listMentions(store, { brand: 'demo', limit: 100, platform: 'facebook' });
    expect(page.items.length).toBe(100);
    const ids = new Set((await mentionItems()).map((i) => i.externalId));
    expect(Array.from({ length: 1000 }, (_, n) => ids.has(`batch_${n}`)).every(Boolean)).toBe(true);
  });

  it('200 concurrent deliveries of one event store one mention', async () => {
    const body = JSON.stringify({
      object: 'page',
      entry: [{ id: '1234567890321', time: 1700000000, changes: [{ field: 'feed', value: { item: 'comment', verb: 'add', comment_id: 'concurrent_1', post_id: '1234567890321_9', from: { id: 'u-c', name: 'C' }, created_time: 1700000000, message: 'Top service!' } }] }],
    });
    const answers = await Promise.all(Array.from({ length: 200 }, () => post('meta', body)));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    const results = await Promise.all(answers.map((r) => r.json() as Promise<{ stored: number; duplicates: number }>));
    expect(results.reduce((n, r) => n + r.stored, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(199);
    expect((await mentionItems()).filter((i) => i.externalId === 'concurrent_1')).toHaveLength(1);
  });
});

describe('X edited tweets', () => {
  const tweet = (id: string, text: string, chain: string[]) =>
    JSON.stringify({
      for_user_id: '1500000000000000001',
      tweet_create_events: [{ id_str: id, text, timestamp_ms: String(Date.parse('2026-11-23T10:00:00Z') + chain.indexOf(id) * 60_000), user: { id_str: '77000001', screen_name: 'klant' }, edit_history: { initial_tweet_id: chain[0], edit_tweet_ids: chain } }],
    });
  const stored = async (id: string) => (await mentionItems()).filter((i) => i.externalId === id);

  it('revise the one stored mention, keep the first words, and arrive in any order', async () => {
    const chain = ['1861000000000000001', '1861000000000000002'];
    const edit = tweet(chain[1]!, '@DemoBrand storing is voorbij, dank!', chain);
    // The edit first (redelivered), then the original: parked, then applied when the original lands.
    expect((await post('x', edit)).status).toBe(200);
    expect((await post('x', edit)).status).toBe(200);
    expect((await post('x', tweet(chain[0]!, '@DemoBrand weer storing?!', [chain[0]!]))).status).toBe(200);
    // What the enrich consumer does on the original's INSERT.
    await applyParkedChanges(store, mentionId('demo', 'x', chain[0]!));
    const [m] = await stored(chain[0]!);
    expect(m).toMatchObject({ text: '@DemoBrand storing is voorbij, dank!', originalText: '@DemoBrand weer storing?!' });
    expect(m!.revisions.map((r: { text: string; event: string }) => [r.text, r.event])).toEqual([['@DemoBrand storing is voorbij, dank!', `edit:${chain[1]}`]]);
    expect(await stored(chain[1]!)).toEqual([]);
  });
});
