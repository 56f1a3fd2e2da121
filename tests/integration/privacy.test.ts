import { createHash } from 'node:crypto';
import { PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListSubscriptionsByTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrichHandler } from '../../functions/enrich/handler.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { mentionTriagedEvent } from '../../shared/bus/events.ts';
import { createSns } from '../../shared/bus/clients.ts';
import { replyRoute } from '../../shared/flows/channel.ts';
import { readReplyEnv } from '../../shared/platforms/index.ts';
import { loadTriagedMention } from '../../shared/flows/deps.ts';
import { keyedHash } from '../../shared/keyed-hash.ts';
import { newIntent } from '../../shared/flows/outbox.ts';
import { cooldownKey } from '../../shared/store/thank-you-guards.ts';
import { recordAffected, tagMention } from '../../shared/incidents/outage.ts';
import type { Store } from '../../shared/store/client.ts';
import { conversationId, getMention, mentionId } from '../../shared/store/mentions.ts';
import { createIntent } from '../../shared/store/outbox.ts';
import { scheduleFollowUp } from '../../shared/store/follow-ups.ts';
import type { Resources } from '../../local/stack.ts';
import { apiApp, auth } from '../support/api.ts';
import { webhookApp } from '../support/apps.ts';
import { endpoints, freshResources } from '../support/emulators.ts';
import { signed } from '../support/sign.ts';

let store: Store;
let resources: Resources;
let sink: RecordingSink;

beforeAll(async () => {
  ({ store, resources } = await freshResources('privacy'));
  sink = await startSink();
});
afterAll(() => sink.close());

const AUTHOR = 'fan-7781';
const NAME = 'Sanne Verhoeven';
const comment = (id: string, verb: string, message: string, from = { id: AUTHOR, name: NAME }) =>
  JSON.stringify({ object: 'page', entry: [{ id: '1234567890321', time: 1700000100, changes: [{ field: 'feed', value: { item: 'comment', verb, comment_id: id, post_id: '1234567890321_8', from, created_time: 1700000000, message } }] }] });

async function post(route: Parameters<typeof signed>[0], body: string) {
  const { path, init } = signed(route, body);
  return (await webhookApp(store).request(path, init)).status;
}

async function everything(): Promise<string> {
  const out = await store.ddb.send(new ScanCommand({ TableName: store.table }));
  return JSON.stringify((out.Items ?? []).map((i) => unmarshall(i)));
}

describe('DELETE /api/authors/:platform/:id', () => {
  it('erases the author everywhere wecare keeps them, keeps anonymous counts, and logs the erasure', async () => {
    const hooks = webhookApp(store);
    for (const body of [
      comment('gdpr_1', 'add', 'Geweldige service van Marloes aan de telefoon, dank!'),
      comment('gdpr_1', 'edited', 'Geweldige service van Marloes, echt top (Sanne, Utrecht)'),
      // A hide that overtook its comment: parked next to it until the stream applies it.
      comment('gdpr_2', 'hide', ''),
      comment('gdpr_2', 'add', 'Mijn adres is Dorpsstraat 12, graag terugbellen op 0612345678'),
      comment('other_1', 'add', 'Andere klant, blijft staan', { id: 'someone-else', name: 'Piet' }),
    ]) {
      const { path, init } = signed('meta', body);
      expect((await hooks.request(path, init)).status).toBe(200);
    }
    const first = (await getMention(store, mentionId('demo', 'facebook', 'gdpr_1')))!;
    await createIntent(store, newIntent({ flow: 'thank-you', subject: first.id, brand: 'demo', mentionId: first.id, message: { platform: 'facebook', channel: 'public', replyTo: 'gdpr_1', recipient: AUTHOR, account: '1234567890321', text: `Dankjewel ${NAME}!` } }, new Date()));
    await scheduleFollowUp(store, { brand: 'demo', caseId: first.caseId ?? `case-${first.id}`, mentionId: first.id, dueAt: '2030-01-01T09:00:00.000Z', now: new Date().toISOString() });
    await store.ddb.send(new PutItemCommand({ TableName: store.table, Item: marshall({ ...cooldownKey('demo', 'facebook', AUTHOR), at: new Date().toISOString() }) }));
    await tagMention(store, first, 'inc-gdpr', new Date());
    await recordAffected(store, 'inc-gdpr', { ...first, incidentId: 'inc-gdpr' }, new Date());

    const before = await everything();
    expect(before).toContain(AUTHOR);
    expect(before).toContain('Dorpsstraat');

    const api = apiApp(store, resources);
    const res = await api.request(`/api/authors/facebook/${AUTHOR}`, { method: 'DELETE', headers: auth });
    expect(res.status).toBe(200);
    const report = (await res.json()) as Record<string, number>;
    expect(report.mentions).toBe(2);
    expect(report.outbox).toBe(1);
    expect(report.followUps).toBe(1);
    expect(report.parkedChanges).toBe(1);
    expect(report.cooldowns).toBe(1);
    expect(report.incidentRecords).toBe(1);

    const after = await everything();
    for (const trace of [AUTHOR, NAME, 'Sanne', 'Marloes', 'Dorpsstraat', '0612345678']) expect(after).not.toContain(trace);
    // Anonymous counts survive: both mentions are still there for metrics, and the other customer is untouched.
    const erased = (await getMention(store, mentionId('demo', 'facebook', 'gdpr_2')))!;
    expect(erased.platform).toBe('facebook');
    expect(erased.text).toBe('');
    expect((await getMention(store, mentionId('demo', 'facebook', 'other_1')))?.text).toBe('Andere klant, blijft staan');
    expect(after).toMatch(/"type":"erasure"/);
  });

  it('sticks: a later comment, an edit and a fetched text of the erased author store nothing of theirs', async () => {
    // After the erasure above: Meta redelivers an edit of an erased comment, and the author writes again.
    expect(await post('meta', comment('gdpr_1', 'edited', 'Nog een aanpassing: Sanne uit Utrecht, bel 0687654321'))).toBe(200);
    expect(await post('meta', comment('gdpr_3', 'add', 'Ik ben het weer, Sanne Verhoeven, Dorpsstraat 12'))).toBe(200);
    const edited = (await getMention(store, mentionId('demo', 'facebook', 'gdpr_1')))!;
    expect(edited.text).toBe('');
    const again = (await getMention(store, mentionId('demo', 'facebook', 'gdpr_3')))!;
    // Stored for the counts (platform, kind, time), closed so no flow answers it, and naming nobody.
    expect(again).toMatchObject({ platform: 'facebook', kind: 'comment', text: '', status: 'closed', erasedAt: expect.any(String) });
    expect(again.author.id).toMatch(/^erased-/);
    const after = await everything();
    for (const trace of [AUTHOR, NAME, 'Sanne', 'Dorpsstraat', '0687654321', 'Utrecht']) expect(after).not.toContain(trace);
    // An erased customer is never contacted again, and a mention.triaged of theirs loads nothing.
    expect(replyRoute(again, 'Dankjewel!', new Date())).toEqual({ ok: false, reason: 'the author was erased' });
    expect(await loadTriagedMention(store, JSON.stringify({ Message: JSON.stringify(mentionTriagedEvent(edited)) }))).toBeUndefined();
  });

  it('sticks through a Google refetch and a text fetch: the review author\'s words are never written back', async () => {
    const env = readReplyEnv({ GOOGLE_BUSINESS_URL: `${sink.url}/google`, GOOGLE_ACCESS_TOKEN: 'g-token' } as NodeJS.ProcessEnv);
    const enrich = createEnrichHandler({ store, platforms: { env, fetch, timeoutMs: 2000 }, now: () => new Date() });
    const location = 'accounts/108000000000000000001/locations/1234567890123456789';
    const notify = (review: string, type: string, messageId: string) =>
      JSON.stringify({ message: { data: Buffer.from(JSON.stringify({ type, review, location })).toString('base64'), messageId, publishTime: new Date().toISOString() }, subscription: 'projects/demo/subscriptions/gbp' });
    const answer = (review: string, comment: string) => sink.script({ prefix: `/google/v4/${review}`, status: 200, body: { name: review, reviewer: { displayName: 'Sanne Verhoeven' }, starRating: 'ONE', comment, updateTime: new Date().toISOString() } });
    const enrichStored = async (review: string) => {
      const raw = (await store.ddb.send(new ScanCommand({ TableName: store.table }))).Items!.map((i) => unmarshall(i)).find((i) => i.id === mentionId('demo', 'google', review))!;
      return enrich({ Records: [{ eventName: 'INSERT', eventSource: 'aws:dynamodb', dynamodb: { SequenceNumber: String(Date.now()), NewImage: marshall(raw, { removeUndefinedValues: true }) as never } }] });
    };

    const first = `${location}/reviews/AIe9_gdpr-1`;
    expect(await post('google', notify(first, 'NEW_REVIEW', 'g-1'))).toBe(200);
    answer(first, 'Slechte service, vraag naar Sanne in Utrecht');
    await enrichStored(first);
    expect((await getMention(store, mentionId('demo', 'google', first)))?.text).toContain('Slechte service');
    const res = await apiApp(store, resources).request(`/api/authors/google/${encodeURIComponent('Sanne Verhoeven')}`, { method: 'DELETE', headers: auth });
    expect(res.status).toBe(200);

    // The reviewer edits the review: Google says "updated", wecare may not fetch it back in.
    expect(await post('google', notify(first, 'UPDATED_REVIEW', 'g-2'))).toBe(200);
    answer(first, 'Aangepast: nog steeds slecht, groet Sanne Verhoeven');
    await enrichStored(first);
    // And a new review of theirs arrives with ids only: its text fetch finds the author erased.
    const second = `${location}/reviews/AIe9_gdpr-2`;
    expect(await post('google', notify(second, 'NEW_REVIEW', 'g-3'))).toBe(200);
    answer(second, 'Tweede review van Sanne, Dorpsstraat 12');
    await enrichStored(second);
    expect(await getMention(store, mentionId('demo', 'google', second))).toMatchObject({ text: '', status: 'closed', erasedAt: expect.any(String) });
    const after = await everything();
    for (const trace of ['Sanne', 'Aangepast', 'Tweede review', 'Slechte service']) expect(after).not.toContain(trace);
  });

  it('unsubscribes the erased address from SNS e-mail alerts, matching the address case-insensitively', async () => {
    const sns = createSns(endpoints().fauxqs);
    const topic = resources.topicArns.statusUpdates;
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: 'Sanne.V@Example.NL', ReturnSubscriptionArn: true }));
    await store.ddb.send(new PutItemCommand({
      TableName: store.table,
      Item: marshall({ pk: 'SUBSCRIBERS#demo', sk: 'SUB#gdpr-sub', entity: 'subscriber', id: 'gdpr-sub', brand: 'demo', type: 'email', address: 'Sanne.V@Example.NL', state: 'active', subscriptionArn: SubscriptionArn, createdAt: new Date().toISOString() }),
    }));
    const listed = async () => (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions?.map((x) => x.SubscriptionArn) ?? [];
    expect(await listed()).toContain(SubscriptionArn);

    const res = await apiApp(store, resources).request('/api/authors/email/sanne.v@example.nl', { method: 'DELETE', headers: auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ subscribers: 1, snsSubscriptions: 1 });
    expect(await listed()).not.toContain(SubscriptionArn);
    expect(await everything()).not.toMatch(/sanne\.v@example\.nl/i);
  });

  it('keys its hashes: the erasure record and conversation ids are not a plain sha256 of the id', async () => {
    const records = (await store.ddb.send(new ScanCommand({ TableName: store.table }))).Items!.map((i) => unmarshall(i)).filter((i) => i.type === 'erasure');
    const facebook = records.find((r) => r.platform === 'facebook')!;
    const plain = createHash('sha256').update(`facebook:${AUTHOR}`).digest('hex');
    expect(facebook.subject).toBe(keyedHash('erasure', `facebook:${AUTHOR}`));
    expect(facebook.subject).not.toBe(plain);
    expect(await everything()).not.toContain(plain.slice(0, 16));
    // A WhatsApp thread id is the customer's phone number: enumerable unless the hash is keyed.
    const phone = '31612345678';
    const oldStyle = createHash('sha256').update(phone).digest('base64url').slice(0, 16);
    expect(conversationId('demo', 'whatsapp', phone)).not.toContain(oldStyle);
    expect(conversationId('demo', 'whatsapp', phone)).toBe(`whatsapp-${keyedHash('conversation', `demo:whatsapp:${phone}`).slice(0, 22)}`);
  });

  it('sends mention.triaged with ids and labels, never the text, name or handle', () => {
    const m = { id: 'facebook-abc', brand: 'demo', brandKnown: true, platform: 'facebook', kind: 'comment' as const, externalId: 'c_1', accountId: '1234567890321', conversationId: 'facebook-c', author: { id: AUTHOR, name: NAME, handle: 'sanne_v' }, text: 'Bel me op 0612345678', createdAt: '2026-01-01T00:00:00Z', receivedAt: '2026-01-01T00:00:00Z', status: 'open' as const, intent: 'complaint' as const };
    const event = JSON.stringify(mentionTriagedEvent(m));
    expect(JSON.parse(event)).toMatchObject({ type: 'mention.triaged', mentionId: 'facebook-abc', brand: 'demo', platform: 'facebook', intent: 'complaint' });
    for (const personal of [AUTHOR, NAME, 'sanne_v', '0612345678', 'c_1']) expect(event).not.toContain(personal);
  });

  it('covers only the brands asked for, inside the caller\'s scope', async () => {
    const tweet = (id: string, account: string, text: string) =>
      JSON.stringify({ for_user_id: account, tweet_create_events: [{ id_str: id, text, created_at: 'Wed Oct 10 20:19:24 +0000 2018', user: { id_str: 'scoped-fan', screen_name: 'scopedfan', name: 'Scoped Fan' }, entities: { user_mentions: [{ id_str: account }] } }] });
    const res = await apiApp(store, resources).request('/api/authors/x/scoped-fan?brands=demo', { method: 'DELETE', headers: auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ brands: ['demo'] });
    expect((await apiApp(store, resources).request('/api/authors/x/scoped-fan?brands=nope', { method: 'DELETE', headers: auth })).status).toBe(400);
    // The demo brand's account: erased for demo. An account no brand owns (brand "unknown"): not in that scope.
    expect(await post('x', tweet('3100000000000000001', '1500000000000000001', 'Hallo demo, hier Scoped Fan'))).toBe(200);
    expect(await post('x', tweet('3100000000000000002', '1599999999999999999', 'Hallo iemand anders'))).toBe(200);
    expect((await getMention(store, mentionId('demo', 'x', '3100000000000000001')))?.erasedAt).toEqual(expect.any(String));
    expect((await getMention(store, mentionId('unknown', 'x', '3100000000000000002')))).toMatchObject({ brand: 'unknown', text: 'Hallo iemand anders', author: { id: 'scoped-fan' } });
  });

  it('needs the admin token', async () => {
    const res = await apiApp(store, resources).request('/api/authors/facebook/x', { method: 'DELETE' });
    expect(res.status).toBe(401);
  });
});
