import type { DynamoDBStreamEvent } from 'aws-lambda';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrichHandler } from '../../functions/enrich/handler.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { readReplyEnv } from '../../shared/platforms/index.ts';
import type { Store } from '../../shared/store/client.ts';
import { mentionId, mentionKeys } from '../../shared/store/mentions.ts';
import { webhookApp } from '../support/apps.ts';
import { freshResources } from '../support/emulators.ts';
import { signed } from '../support/sign.ts';

let store: Store;
let sink: RecordingSink;
let enrich: ReturnType<typeof createEnrichHandler>;
const review = 'accounts/108000000000000000001/locations/1234567890123456789/reviews/AIe9_BGx-enrich';

beforeAll(async () => {
  ({ store } = await freshResources('enrich'));
  sink = await startSink();
  const env = readReplyEnv({ GOOGLE_BUSINESS_URL: `${sink.url}/google`, META_GRAPH_URL: `${sink.url}/meta`, GOOGLE_ACCESS_TOKEN: 'g-token', META_PAGE_TOKEN: 'm-token' } as NodeJS.ProcessEnv);
  enrich = createEnrichHandler({ store, platforms: { env, fetch, timeoutMs: 2000 }, now: () => new Date('2026-11-20T10:00:00Z') });
});
afterAll(() => sink.close());

const item = async (id: string) =>
  unmarshall((await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(mentionKeys.item(id)), ConsistentRead: true }))).Item!);

const streamEvent = (image: Record<string, unknown>, seq: string): DynamoDBStreamEvent => ({
  Records: [{ eventName: 'INSERT', eventSource: 'aws:dynamodb', dynamodb: { SequenceNumber: seq, NewImage: marshall(image, { removeUndefinedValues: true }) as never } }],
});

describe('completing mentions stored with ids only', () => {
  it('fetches a Google review the notification only named, once, and hands it on with its text and stars', async () => {
    const data = Buffer.from(JSON.stringify({ type: 'NEW_REVIEW', review, location: review.replace(/\/reviews\/.*/, '') })).toString('base64');
    const body = JSON.stringify({ message: { data, messageId: '9001', publishTime: '2026-11-20T09:59:00Z' }, subscription: 'projects/demo/subscriptions/gbp' });
    const { path, init } = signed('google', body);
    expect((await webhookApp(store).request(path, init)).status).toBe(200);
    const id = mentionId('demo', 'google', review);
    const stored = await item(id);
    expect(stored.textPending).toBe(true);

    sink.script({ prefix: `/google/v4/${review}`, status: 200, body: { name: review, reviewer: { displayName: 'Jan Jansen' }, starRating: 'TWO', comment: 'Al drie weken geen reactie op mijn klacht.', updateTime: '2026-11-20T09:58:00Z' } });
    const res = await enrich(streamEvent(stored, '1'));
    expect(res.batchItemFailures).toEqual([]);
    const done = await item(id);
    expect(done.text).toBe('Al drie weken geen reactie op mijn klacht.');
    expect(done.rating).toBe(2);
    expect(done.author.name).toBe('Jan Jansen');
    expect(done.textPending).toBeUndefined();
    expect(sink.requests('/google')[0]!.headers.authorization).toBe('Bearer g-token');

    // The stream redelivers the old image: nothing is fetched or changed again.
    await enrich(streamEvent(stored, '1'));
    expect(sink.requests('/google')).toHaveLength(1);
  });

  it('fetches an Instagram mention through the mentioned account and fails the record while the API is down', async () => {
    const image = { ...mentionKeys.item('instagram-x'), type: 'mention', id: 'instagram-x', platform: 'instagram', kind: 'mention', externalId: '1789', accountId: '17841400000000001', inReplyTo: '1788', author: { id: 'unknown' }, text: '', textPending: true, createdAt: '2026-11-20T09:00:00Z', receivedAt: '2026-11-20T09:00:00Z', status: 'new', brand: 'demo', brandKnown: true, conversationId: 'c' };
    await store.ddb.send(new (await import('@aws-sdk/client-dynamodb')).PutItemCommand({ TableName: store.table, Item: marshall(image) }));
    sink.script({ prefix: '/meta/v21.0/17841400000000001', status: 503, times: 1 });
    const failed = await enrich(streamEvent(image, '7'));
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: '7' }]);
    expect((await item('instagram-x')).textPending).toBe(true);

    sink.script({ prefix: '/meta/v21.0/17841400000000001', status: 200, body: { mentioned_comment: { id: '1789', text: '@demo jullie app crasht bij het inloggen', username: 'lisa.nl' } } });
    expect((await enrich(streamEvent(image, '8'))).batchItemFailures).toEqual([]);
    const done = await item('instagram-x');
    expect(done.text).toBe('@demo jullie app crasht bij het inloggen');
    expect(done.author.handle).toBe('lisa.nl');
    const fields = decodeURIComponent(new URL(sink.requests('/meta').at(-1)!.path, sink.url).searchParams.get('fields')!);
    expect(fields).toContain('mentioned_comment.comment_id(1789)');
  });
});

describe('changes that arrive before their mention', () => {
  it('a hide for a comment not stored yet is answered 200, parked, and applied once the comment lands', async () => {
    const app = webhookApp(store);
    const comment = (verb: string, time: number) =>
      JSON.stringify({ object: 'page', entry: [{ id: '1234567890321', time, changes: [{ field: 'feed', value: { item: 'comment', verb, comment_id: 'early_1', post_id: '1234567890321_3', from: { id: 'u-early', name: 'Kim' }, created_time: 1700000000, message: 'Dit is echt oplichting' } }] }] });
    const hide = signed('meta', comment('hide', 1700000100));
    const hidden = await app.request(hide.path, hide.init);
    expect(hidden.status).toBe(200);
    expect(((await hidden.json()) as { parked: number }).parked).toBe(1);

    const add = signed('meta', comment('add', 1700000000));
    expect((await app.request(add.path, add.init)).status).toBe(200);
    const id = mentionId('demo', 'facebook', 'early_1');
    const stored = await item(id);
    expect(stored.platformState).toBeUndefined();

    await enrich({ Records: [{ eventName: 'INSERT', dynamodb: { SequenceNumber: '20', NewImage: marshall(stored, { removeUndefinedValues: true }) as never } }] });
    const after = await item(id);
    expect(after.platformState).toBe('hidden');
    expect(after.text).toBe('Dit is echt oplichting');
  });
});

describe('mentions whose stream record was never handled', () => {
  it('wait in the rescue index until the stream has passed them, are nudged once, and leave it once triaged', async () => {
    const { queryRescue } = await import('../../shared/store/due-index.ts');
    const { rescueMention, storeMention, toMention } = await import('../../shared/store/mentions.ts');
    const receivedAt = new Date(Date.now() - 10 * 60_000).toISOString();
    const m = toMention({ platform: 'x', kind: 'mention', externalId: 'lost-1', accountId: '1', author: { id: 'u-lost' }, text: 'Hallo?', createdAt: receivedAt }, 'demo', receivedAt);
    await storeMention(store, m);
    // Not before the consumers have passed its arrival: then it is only behind a backlog.
    expect((await queryRescue(store, new Date(Date.parse(receivedAt) - 1000).toISOString())).map((d) => d.id)).not.toContain(m.id);
    expect((await queryRescue(store, new Date().toISOString())).map((d) => d.id)).toContain(m.id);
    expect(await rescueMention(store, m.id, new Date())).toBe('nudged');
    const nudged = await item(m.id);
    expect(nudged.rescuedAt).toBeDefined();
    expect(nudged.rescues).toBe(1);
    // Back in line as arrived now: not picked again until the stream passes the nudge.
    expect((await queryRescue(store, new Date(Date.now() - 1000).toISOString())).map((d) => d.id)).not.toContain(m.id);
    const { writeTriage } = await import('../../shared/store/mention-triage.ts');
    await writeTriage(store, m.id, { lang: 'nl', sentiment: { label: 'neutral', score: 0, confidence: 0.5 }, sarcasm: false, intent: 'question', priority: 40, outage: false, team: 'webcare', slaDueAt: new Date().toISOString(), triagedAt: new Date().toISOString(), caseId: 'c' });
    expect((await item(m.id)).gsi5pk).toBeUndefined();
    expect(await rescueMention(store, m.id, new Date())).toBe('done');
  });
});

describe('the stream consumers\' watermark', () => {
  it('moves receivedAt only forward and stamps every batch, so the sweep can tell a backlog from a quiet spell', async () => {
    const { advanceWatermark, readWatermark } = await import('../../shared/store/watermark.ts');
    await advanceWatermark(store, 'wm-test', '2026-11-23T10:00:05Z', new Date('2026-11-23T10:00:10Z'));
    await advanceWatermark(store, 'wm-test', '2026-11-23T10:00:01Z', new Date('2026-11-23T10:00:20Z'));
    expect(await readWatermark(store, 'wm-test')).toEqual({ receivedAt: '2026-11-23T10:00:05Z', polledAt: '2026-11-23T10:00:20.000Z' });
    await advanceWatermark(store, 'wm-test', undefined, new Date('2026-11-23T10:00:30Z'));
    expect((await readWatermark(store, 'wm-test')).polledAt).toBe('2026-11-23T10:00:30.000Z');
    expect(await readWatermark(store, 'never-polled')).toEqual({ receivedAt: undefined, polledAt: undefined });
    // The mark's own stream record is no activity: else every mark would set off the next, forever.
    const { markProgress } = await import('../../shared/store/watermark.ts');
    const ownRecord = [{ dynamodb: { NewImage: { type: { S: 'watermark' } }, SequenceNumber: '1' } }];
    expect(await markProgress(store, 'wm-test', ownRecord, [], new Date('2026-11-23T10:00:40Z'))).toBe(false);
    expect((await readWatermark(store, 'wm-test')).polledAt).toBe('2026-11-23T10:00:30.000Z');
    const mention = [{ dynamodb: { NewImage: { type: { S: 'mention' }, receivedAt: { S: '2026-11-23T10:00:35Z' } }, SequenceNumber: '2' } }];
    expect(await markProgress(store, 'wm-test', mention, [], new Date('2026-11-23T10:00:50Z'))).toBe(true);
    expect(await readWatermark(store, 'wm-test')).toEqual({ receivedAt: '2026-11-23T10:00:35Z', polledAt: '2026-11-23T10:00:50.000Z' });
  });
});

describe('a parked change whose mention landed without enrich seeing it', () => {
  it('is applied by the sweep and then leaves the table; before its mention lands it keeps waiting', async () => {
    const { storeMention, toMention, mentionId: idOf } = await import('../../shared/store/mentions.ts');
    const { applyChange, retryParkedChange } = await import('../../shared/store/parked-changes.ts');
    const { queryRescue } = await import('../../shared/store/due-index.ts');
    const change = { type: 'state' as const, platform: 'facebook', externalId: 'park-sweep-1', eventId: 'hide:park-sweep-1:1', state: 'hidden' as const, at: '2026-11-23T10:00:00Z', brand: 'demo' };
    expect(await applyChange(store, change)).toBe('parked');
    const pk = `MENTION#${idOf('demo', 'facebook', 'park-sweep-1')}`;
    expect(await retryParkedChange(store, pk, change.eventId, new Date())).toBe('waiting');
    const created = '2026-11-23T09:59:00Z';
    await storeMention(store, toMention({ platform: 'facebook', kind: 'comment', externalId: 'park-sweep-1', accountId: '1234567890321', author: { id: 'u-p' }, text: 'weg ermee', createdAt: created }, 'demo', created));
    const later = new Date(Date.now() + 3_600_000);
    expect((await queryRescue(store, later.toISOString())).some((d) => d.type === 'parked-change' && d.id === change.eventId)).toBe(true);
    expect(await retryParkedChange(store, pk, change.eventId, later)).toBe('applied');
    expect((await item(idOf('demo', 'facebook', 'park-sweep-1'))).platformState).toBe('hidden');
    expect((await queryRescue(store, later.toISOString())).some((d) => d.id === change.eventId)).toBe(false);
  });
});
