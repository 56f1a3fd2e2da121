import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/api/app.ts';
import type { Resources } from '../../local/stack.ts';
import { createSns } from '../../shared/bus/clients.ts';
import type { Store } from '../../shared/store/client.ts';
import { apiContext, socket } from '../support/api.ts';
import { endpoints, freshResources, mailTo } from '../support/emulators.ts';

let store: Store;
let resources: Resources;
const texts: Array<{ phone: string; text: string }> = [];
let app: ReturnType<typeof createApiApp>;
const sns = () => createSns(endpoints().fauxqs);

beforeAll(async () => {
  ({ store, resources } = await freshResources('subscribers'));
  app = createApiApp({ ...apiContext(store, resources), sendSms: async (phone, text) => void texts.push({ phone, text }) });
});

const subscriptions = async () =>
  (await sns().send(new ListSubscriptionsByTopicCommand({ TopicArn: resources.topicArns.statusUpdates }))).Subscriptions ?? [];

let seq = 0;
const subscribe = (body: unknown) =>
  app.request('/status/demo/subscribe', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, socket(`198.51.100.${++seq}`));
const path = (link: string) => new URL(link).pathname + new URL(link).search;

describe('e-mail and SMS status subscribers: a double opt-in in their language, no SNS subscription', () => {
  it('an e-mail address gets an opt-in mail through SES in its language; the confirm page POST activates it', async () => {
    const res = await app.request(
      '/status/demo/subscribe',
      { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en-GB,en;q=0.9' }, body: JSON.stringify({ email: 'klant@example.nl', components: ['app'] }) },
      socket('198.51.100.200'),
    );
    expect(res.status).toBe(202);
    expect(JSON.stringify(await res.json())).not.toContain('token');
    // The mail went out through the SES emulator; SNS holds no subscription for it.
    expect((await subscriptions()).some((s) => s.Protocol === 'email')).toBe(false);
    const [mail] = await mailTo('klant@example.nl');
    expect(mail?.subject).toBe('Confirm your status updates from Demo Energie');
    const link = /https?:\/\/\S+\/subscribe\/confirm\?token=\S+/.exec(mail!.text)![0];
    expect(mail!.html).toContain(`href="${link}"`);
    const confirm = await app.request(path(link), { method: 'POST' });
    expect(((await confirm.json()) as { state: string }).state).toBe('active');
  });

  it('the request language field wins over Accept-Language', async () => {
    await app.request(
      '/status/demo/subscribe',
      { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify({ email: 'taal@example.nl', language: 'nl' }) },
      socket('198.51.100.201'),
    );
    expect((await mailTo('taal@example.nl'))[0]?.subject).toBe('Bevestig je statusmeldingen van Demo Energie');
    const bad = await subscribe({ email: 'x@example.nl', language: 'de' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/language/);
  });

  it('a phone is texted a confirm link first in its language, activated when it comes back, and unsubscribed by its token', async () => {
    const res = await subscribe({ phone: '+31612345678' });
    expect(res.status).toBe(202);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.phone).toBe('+31612345678');
    // No Accept-Language: the brand's first language (nl).
    expect(texts[0]!.text).toMatch(/^Demo Energie: bevestig statussms'jes: /);
    const [link, stop] = texts[0]!.text.match(/https?:\/\/\S+/g)!;
    // Opening the link (a person, a mail scanner or an SMS preview) only shows a page with one form.
    const page = await app.request(path(link!), { headers: { 'accept-language': 'en' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toMatch(/<form method="post" action="\/status\/demo\/subscribe\/confirm\?token=[^"]+"><button type="submit">Confirm status updates<\/button><\/form>/);
    expect(page.headers.get('content-security-policy')).toMatch(/form-action 'self'/);
    // The form's POST acts; SNS is not involved (broadcasts Publish to the number).
    const confirm = await app.request(path(link!), { method: 'POST' });
    expect(confirm.status).toBe(200);
    expect(((await confirm.json()) as { state: string }).state).toBe('active');
    expect((await subscriptions()).some((s) => s.Protocol === 'sms')).toBe(false);

    // The stop link's page changes nothing either; its RFC 8058 one-click POST does.
    const stopPage = await app.request(path(stop!), { headers: { 'accept-language': 'nl' } });
    expect(await stopPage.text()).toMatch(/<html lang="nl">[\s\S]*<button type="submit">Statusmeldingen stoppen<\/button>/);
    const unsubscribed = await app.request(path(stop!), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(((await unsubscribed.json()) as { state: string }).state).toBe('unsubscribed');
  });

  it('a bad address is a 400 that names the field, and nothing is subscribed', async () => {
    const before = (await subscriptions()).length;
    const res = await subscribe({ phone: '0612' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/phone/);
    expect((await subscriptions()).length).toBe(before);
  });
});

describe('the subscribe endpoint under abuse', () => {
  it('limits one client to 10 a minute and one address to 3 an hour, with 429 and when to retry', async () => {
    const from = (ip: string, body: unknown, headers: Record<string, string> = {}) =>
      app.request('/status/demo/subscribe', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }, socket(ip));
    const sameAddress = [];
    for (let i = 0; i < 4; i++) sameAddress.push((await from(`10.0.0.${i}`, { email: 'victim@example.nl' })).status);
    expect(sameAddress).toEqual([202, 202, 202, 429]);
    // A client that writes a new X-Forwarded-For each time is still one client: its socket.
    const flood = [];
    for (let i = 0; i < 11; i++) flood.push(await from('192.0.2.7', { email: `user${i}@example.nl` }, { 'x-forwarded-for': `203.0.113.${i}` }));
    expect(flood.slice(0, 10).every((r) => r.status === 202)).toBe(true);
    expect(flood[10]!.status).toBe(429);
    expect(((await flood[10]!.json()) as { error: { message: string } }).error.message).toMatch(/retry in \d+ s/);
    // Another source is not held back by it.
    expect((await from('192.0.2.8', { email: 'someone@example.nl' })).status).toBe(202);
  });

  it('answers the same whether or not an address is already subscribed', async () => {
    const first = await subscribe({ email: 'twice@example.nl' });
    const again = await subscribe({ email: 'twice@example.nl' });
    expect([first.status, again.status]).toEqual([202, 202]);
    const shape = (b: Record<string, unknown>) => Object.keys(b).sort();
    expect(shape((await first.json()) as Record<string, unknown>)).toEqual(shape((await again.json()) as Record<string, unknown>));
  });
});
