import { GetQueueAttributesCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/api/app.ts';
import { createBroadcastHandler } from '../../functions/broadcast/handler.ts';
import { createMailEventsHandler } from '../../functions/mail-events/handler.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { pollQueue } from '../../local/sqs-poller.ts';
import type { Resources } from '../../local/stack.ts';
import { createSes } from '../../shared/broadcast/mail/ses.ts';
import { createSns, createSqs } from '../../shared/bus/clients.ts';
import { channelQueueName, channelQueues, SUBSCRIBERS_CHANNEL } from '../../shared/incidents/queues.ts';
import { smsSend } from '../../shared/incidents/sms.ts';
import type { Store } from '../../shared/store/client.ts';
import * as subscribers from '../../shared/store/subscribers.ts';
import { readReplyEnv } from '../../shared/platforms/index.ts';
import { apiContext, auth, socket } from '../support/api.ts';
import { endpoints, freshResources, mailTo } from '../support/emulators.ts';
import { acmeBrands, incidentBody, until } from '../unit/incidents/fixtures.ts';

/**
 * Incident updates to e-mail and phone subscribers, end to end on the real emulators: the api
 * publishes on fauxqs, the brand's subscriber queue feeds the broadcast handler, mails land in the
 * SES emulator and texts in the recording sink (SMS_API_URL). Each subscriber gets each update once.
 */
const run = Math.random().toString(36).slice(2, 8);
const addr = (who: string) => `${who}-${run}@example.nl`;

let sink: RecordingSink;
let resources: Resources;
let store: Store;
let sqs: SQSClient;
let app: ReturnType<typeof createApiApp>;
const pollers: Array<{ stop(): Promise<void> }> = [];
const brands = acmeBrands();

beforeAll(async () => {
  sink = await startSink();
  const made = await freshResources('broadcast-mail', channelQueues(brands).filter((q) => q.name.endsWith(channelQueueName('acme', SUBSCRIBERS_CHANNEL))));
  ({ resources, store } = made);
  sqs = createSqs(endpoints().fauxqs);
  const sms = smsSend(createSns(endpoints().fauxqs), `${sink.url}/sms`);
  const mail = { ses: createSes(endpoints().ses), fromAddress: 'status@wecare.test' };
  const handler = createBroadcastHandler({ store, fetch, brands, now: () => new Date(), env: { platforms: readReplyEnv({}), publicUrl: 'https://status.example' }, mail, sms });
  for (const q of resources.queues) pollers.push(pollQueue({ sqs, queueUrl: q.url, queueArn: q.arn, handler }));
  app = createApiApp({
    ...apiContext(store, resources),
    brands,
    publicUrl: 'https://status.example',
    sendSms: async (phone, text) => {
      const o = await sms(phone, text);
      if (o.kind !== 'sent') throw new Error(o.error);
    },
  });
});

afterAll(async () => {
  await Promise.all(pollers.map((p) => p.stop()));
  await sink.close();
});

let seq = 0;
const subscribe = (body: Record<string, unknown>, lang = 'nl') =>
  app.request('/status/acme/subscribe', { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': lang }, body: JSON.stringify(body) }, socket(`203.0.113.${++seq}`));
const confirm = async (text: string) => {
  const link = new URL(/https?:\/\/\S+\/subscribe\/confirm\?token=\S+/.exec(text)![0]);
  const res = await app.request(link.pathname + link.search, { method: 'POST' });
  expect(((await res.json()) as { state: string }).state).toBe('active');
};
const texts = (phone: string) => sink.requests('/sms').filter((r) => (r.json as { to: string }).to === phone).map((r) => (r.json as { text: string }).text);
const updates = (to: string) => mailTo(to).then((ms) => ms.filter((m) => !/Confirm|Bevestig/.test(m.subject)));
const post = (path: string, body: unknown) => app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
const settle = () => new Promise((r) => setTimeout(r, 1500));

describe('incident updates by e-mail and SMS', () => {
  const phoneMajor = '+31612340001';
  const phoneMinor = '+31612340002';
  let incidentId = '';

  beforeAll(async () => {
    expect((await subscribe({ email: addr('anne'), components: ['app'] }, 'en')).status).toBe(202);
    expect((await subscribe({ email: addr('bram') })).status).toBe(202);
    expect((await subscribe({ email: addr('web'), components: ['website'] })).status).toBe(202);
    expect((await subscribe({ phone: phoneMajor })).status).toBe(202);
    expect((await subscribe({ phone: phoneMinor, impacts: ['minor'], language: 'en' })).status).toBe(202);
    for (const who of ['anne', 'bram', 'web']) await confirm((await mailTo(addr(who)))[0]!.text);
    for (const phone of [phoneMajor, phoneMinor]) await confirm(texts(phone)[0]!);
  });

  it('each subscriber that wants the update gets it once, in its language, with the incident link and a way out', async () => {
    const res = await post('/api/incidents', incidentBody({ name: 'Inloggen <app> & betalen' }));
    expect(res.status).toBe(201);
    incidentId = ((await res.json()) as { id: string }).id;
    await until(async () => (await updates(addr('anne'))).length && (await updates(addr('bram'))).length && texts(phoneMinor).length > 1, 15_000, 'mails and a text');
    await settle();

    const [anne] = await updates(addr('anne'));
    expect(await updates(addr('anne'))).toHaveLength(1);
    expect(anne!.subject).toBe('Acme Energie: Inloggen <app> & betalen (Investigating)');
    expect(anne!.text).toContain(`View this incident: https://status.example/status/acme/incidents/${incidentId}`);
    expect(anne!.text).toContain('- Mobile app: Partial outage');
    expect(anne!.text).toMatch(/Unsubscribe: https:\/\/status\.example\/status\/acme\/unsubscribe\?token=\S+/);
    expect(anne!.html).toContain('Inloggen &lt;app&gt; &amp; betalen');
    const [bram] = await updates(addr('bram'));
    expect(bram!.subject).toBe('Acme Energie: Inloggen <app> & betalen (Onderzoek)');
    expect(bram!.text).toContain('Bekijk deze storing: ');
    // Components and impacts decide: the website-only mail and the major-only phone get nothing.
    expect(await updates(addr('web'))).toHaveLength(0);
    expect(texts(phoneMajor)).toHaveLength(1);
    const sms = texts(phoneMinor).slice(1);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toContain(`https://status.example/status/acme/incidents/${incidentId} STOP to end`);
    expect(sms[0]!.length).toBeLessThanOrEqual(160);

    const deliveries = ((await (await app.request(`/api/incidents/${incidentId}/deliveries`, { headers: auth })).json()) as { items: Array<{ channel: string; state: string; target: string }> }).items;
    const mine = deliveries.filter((d) => d.channel === SUBSCRIBERS_CHANNEL);
    expect(mine.map((d) => d.state)).toEqual(['sent', 'sent', 'sent']);
    expect(JSON.stringify(mine)).not.toMatch(/@|\+316/);
  });

  it("the mail's manage link shows the subscriber's choices and saves new ones", async () => {
    const link = new URL(/Manage your subscription: (\S+)/.exec((await updates(addr('anne')))[0]!.text)![1]!);
    const page = await app.request(link.pathname + link.search, { headers: { 'accept-language': 'en' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/form-action 'self'/);
    const html = await page.text();
    expect(html).toContain(`<form method="post" action="${link.pathname}${link.search}">`);
    expect(html).toMatch(/<input type="checkbox" name="components" value="app" checked=""\/> Mobile app/);
    expect(html).toMatch(/<input type="checkbox" name="components" value="website"\/> Website/);
    expect(html).toMatch(/<input type="radio" name="language" value="en" checked=""\/> English/);
    const form = (body: string) => app.request(link.pathname + link.search, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' }, body });
    const bad = await form('components=app&language=de');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/language/);
    const saved = await form('components=app&components=website&language=nl');
    expect(await saved.text()).toContain('Your choices are saved.');
    const anne = (await subscribers.list(store, 'acme')).find((s) => s.address === addr('anne'))!;
    expect([anne.components, anne.language]).toEqual([['app', 'website'], 'nl']);
    // Another subscriber's id with this token is no proof.
    const forged = link.search.replace(/token=[^.]+/, `token=${(await subscribers.list(store, 'acme')).find((s) => s.address === addr('bram'))!.id}`);
    expect((await app.request(link.pathname + forged)).status).toBe(404);
  });

  it("the mail's unsubscribe link stops the next one (RFC 8058 one-click POST)", async () => {
    const link = new URL(/Unsubscribe: (\S+)/.exec((await updates(addr('anne')))[0]!.text)![1]!);
    const res = await app.request(link.pathname + link.search, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(((await res.json()) as { state: string }).state).toBe('unsubscribed');
  });

  it('a redelivered message mails nobody twice', async () => {
    const queue = resources.queues[0]!;
    const body = { type: 'status.update', incident: { id: incidentId, brand: 'acme' }, update: { id: 'never-sent-before', incidentId, brand: 'acme', name: 'x', kind: 'incident', status: 'identified', impact: 'minor', message: { nl: 'n', en: 'e' }, components: { app: 'partial_outage' }, previous: {}, at: new Date().toISOString() } };
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: JSON.stringify(body) }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: JSON.stringify(body) }));
    await until(async () => (await updates(addr('bram'))).length === 2, 15_000, 'the second update');
    await settle();
    expect(await updates(addr('bram'))).toHaveLength(2);
    // anne unsubscribed in the test before: nothing more for her.
    expect(await updates(addr('anne'))).toHaveLength(1);
  });

  it('a permanent bounce (SES event through SNS and SQS) suppresses the subscriber: no more mail', async () => {
    const bram = (await subscribers.list(store, 'acme')).find((s) => s.address === addr('bram'))!;
    const event = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/ses/bounce-permanent.json'), 'utf8'));
    event.mail.tags.brand = ['acme'];
    event.mail.tags.subscriber = [bram.id];
    const record = { messageId: 'm1', receiptHandle: 'r', body: JSON.stringify({ Type: 'Notification', Message: JSON.stringify(event) }), attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:mail-events', awsRegion: 'eu-west-1' };
    const out = await createMailEventsHandler({ store, now: () => new Date() })({ Records: [record] } as unknown as SQSEvent);
    expect(out.batchItemFailures).toEqual([]);
    const after = (await subscribers.list(store, 'acme')).find((s) => s.id === bram.id)!;
    expect([after.state, after.suppressedReason]).toEqual(['suppressed', 'bounce Permanent/General']);
    // Its unsubscribe or confirm link does not bring it back.
    expect(await post(`/api/incidents/${incidentId}/updates`, { status: 'monitoring', message: { nl: 'We houden het in de gaten.', en: 'Monitoring.' } })).toHaveProperty('status', 201);
    await until(() => texts(phoneMinor).length === 3, 15_000, 'the monitoring text');
    await settle();
    expect(await updates(addr('bram'))).toHaveLength(2);
  });

  it('an undeliverable number is suppressed at its first refusal, not retried', async () => {
    sink.script({ prefix: '/sms', status: 400, body: { error: 'InvalidParameter' }, times: 1 });
    expect(await post(`/api/incidents/${incidentId}/updates`, { status: 'resolved', message: { nl: 'Opgelost.', en: 'Resolved.' } })).toHaveProperty('status', 201);
    await until(async () => (await subscribers.list(store, 'acme')).find((s) => s.address === phoneMinor)?.state === 'suppressed', 15_000, 'the suppression');
    await settle();
    // One attempt, refused; the message is done (no retry, no DLQ), the delivery says why.
    const refused = sink.requests('/sms').filter((r) => r.status === 400);
    expect(refused).toHaveLength(1);
    expect(texts(phoneMinor)).toHaveLength(5);
    const deliveries = ((await (await app.request(`/api/incidents/${incidentId}/deliveries`, { headers: auth })).json()) as { items: Array<{ state: string; error?: string }> }).items;
    expect(deliveries.filter((d) => d.state === 'failed').map((d) => d.error)).toEqual(['HTTP 400']);
    // A failed record would sit in flight until its visibility ends (then retry, then the DLQ): it was deleted.
    const q = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: resources.queues[0]!.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    expect([q.Attributes?.ApproximateNumberOfMessages, q.Attributes?.ApproximateNumberOfMessagesNotVisible]).toEqual(['0', '0']);
  });
});
