import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/api/app.ts';
import type { ApiContext } from '../../functions/api/context.ts';
import type { Resources } from '../../local/stack.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { guardedFetch } from '../../shared/broadcast/public-target.ts';
import { indexBrands, parseConfig } from '../../shared/config/load.ts';
import { webhookSubscribers } from '../../shared/incidents/subscribers.ts';
import { challengeWebhook } from '../../shared/broadcast/webhook-verify.ts';
import type { Store } from '../../shared/store/client.ts';
import { apiContext, auth, socket } from '../support/api.ts';
import { freshResources } from '../support/emulators.ts';

const brands = () =>
  indexBrands(
    parseConfig({
      brands: [
        {
          id: 'tiny',
          name: 'Tiny Energie',
          components: [{ id: 'app', name: 'App' }],
          subscribers: { maxWebhooks: 2 },
          sms: { countries: ['NL'], maxPerDay: 2 },
        },
      ],
    }),
  );

let store: Store;
let resources: Resources;
let sink: RecordingSink;
const texts: string[] = [];
let seq = 0;
const app = (over: Partial<ApiContext> = {}) =>
  createApiApp({ ...apiContext(store, resources), brands: brands(), sendSms: async (p) => void texts.push(p), ...over });
const subscribeTo = (a: ReturnType<typeof app>, body: unknown, env: object = socket(`198.51.100.${++seq % 250}`), headers: Record<string, string> = {}) =>
  a.request('/status/tiny/subscribe', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }, env);
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;
const listed = async (a: ReturnType<typeof app>) =>
  ((await (await a.request('/api/subscribers?brand=tiny', { headers: auth })).json()) as { items: Array<Record<string, unknown>> }).items;

beforeAll(async () => {
  ({ store, resources } = await freshResources('subscribe-hardening'));
  sink = await startSink();
});
afterAll(() => sink.close());

describe('public webhook subscribers (SSRF)', () => {
  it.each(['https://127.1/h', 'https://0x7f000001/h', 'https://2130706433/h', 'https://[::1]/h', 'https://169.254.169.254/latest/meta-data/', 'https://localhost/h', 'http://hooks.example.com/h'])(
    'refuses %s with a 400 naming the field, and stores nothing',
    async (url) => {
      const res = await subscribeTo(app(), { webhook: url });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toMatch(/^webhook: /);
      expect(await listed(app())).toHaveLength(0);
    },
  );

  it('without the test-only setting even the loopback sink is refused at connect time', async () => {
    // Passes the URL check (a name), fails where it counts: the address the socket would use.
    const strict = app({ publicFetch: guardedFetch({ lookup: ((_h: string, _o: unknown, cb: (e: null, a: object[]) => void) => cb(null, [{ address: '127.0.0.1', family: 4 }])) as never }) });
    const res = await subscribeTo(strict, { webhook: 'https://hooks.example.com/h' });
    expect((await errorOf(res)).message).toBe('webhook: refused: address not allowed (loopback)');
    expect(await listed(strict)).toHaveLength(0);
  });

  it('is active only after echoing a signed challenge; an endpoint that does not echo is not kept', async () => {
    const open = app({ allowPrivateWebhooks: true });
    const res = await subscribeTo(open, { webhook: `${sink.url}/echo/one` });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; state: string; secret: string };
    expect(body.state).toBe('active');
    const challenge = sink.requests('/echo/one')[0]!;
    expect(challenge.json).toMatchObject({ type: 'subscription.verify', challenge: expect.any(String) });
    expect(() => new Webhook(body.secret).verify(challenge.body, challenge.headers)).not.toThrow();

    sink.script({ prefix: '/mute', status: 200, body: { ok: true } });
    const mute = await subscribeTo(open, { webhook: `${sink.url}/mute` });
    expect(mute.status).toBe(400);
    expect((await errorOf(mute)).message).toBe('webhook: the answer did not echo the challenge');
    const items = await listed(open);
    expect(items.map((i) => [i.id, i.state, i.target])).toEqual([[body.id, 'active', sink.url]]);
    expect(JSON.stringify(items)).not.toMatch(/echo\/one|whsec_/);
  });

  it('gives an endpoint 10 s at most: a slow one is refused', async () => {
    sink.script({ prefix: '/slow', status: 200, delayMs: 1_000 });
    const s = { id: 's1', brand: 'tiny', type: 'webhook' as const, address: `${sink.url}/slow`, state: 'pending' as const, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', createdAt: '' };
    expect(await challengeWebhook(guardedFetch({ allowPrivate: true }), s, new Date(), 200)).toBe('did not answer the challenge within 0.2 s');
  });

  it('caps webhook subscribers per brand (subscribers.maxWebhooks), and admins list and remove them', async () => {
    const open = app({ allowPrivateWebhooks: true });
    expect((await subscribeTo(open, { webhook: `${sink.url}/echo/two` })).status).toBe(201);
    const over = await subscribeTo(open, { webhook: `${sink.url}/echo/three` });
    expect(over.status).toBe(409);
    expect((await errorOf(over)).message).toMatch(/maximum of 2 webhook subscribers \(subscribers.maxWebhooks\)/);
    const [first] = await listed(open);
    const removed = await open.request(`/api/subscribers/${first!.id}?brand=tiny`, { method: 'DELETE', headers: auth });
    expect(await removed.json()).toEqual({ id: first!.id, state: 'unsubscribed' });
    expect((await webhookSubscribers(store, 'tiny', ['app'])).map((s) => s.id)).not.toContain(first!.id);
    expect((await open.request('/api/subscribers?brand=tiny')).status).toBe(401);
    expect((await subscribeTo(open, { webhook: `${sink.url}/echo/three` })).status).toBe(201);
  });
});

describe('bounded public input (ReDoS)', () => {
  it('refuses a body over 4 KiB before parsing it, and a crafted 64 KB address fast', async () => {
    const big = await subscribeTo(app(), { email: `a@${'a.'.repeat(2500)}@` });
    expect(big.status).toBe(413);
    const t0 = performance.now();
    const crafted = await subscribeTo(app(), `{"email":"a@${'.'.repeat(64_000)}@"}`);
    expect(crafted.status).toBe(413);
    expect(performance.now() - t0).toBeLessThan(1_000);
    const long = await subscribeTo(app(), { email: `a@${'.'.repeat(3_000)}@` });
    expect((await errorOf(long)).message).toMatch(/^email: expected an e-mail address/);
  });
});

describe('rate limits key on the real source, and SMS is bounded', () => {
  // The limit is a fixed one-minute window: a frozen clock keeps a flood (each subscribe now sends
  // its opt-in mail) from straddling two windows on a busy machine.
  const mid = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 30_000);
  const frozen = () => mid;
  const flood = async (a: ReturnType<typeof app>, env: (i: number) => object, headers: (i: number) => Record<string, string> = () => ({})) => {
    const out: number[] = [];
    for (let i = 0; i < 11; i++) out.push((await subscribeTo(a, { email: `f${seq++}@example.nl` }, env(i), headers(i))).status);
    return out;
  };

  it("in Lambda: API Gateway's sourceIp, whatever X-Forwarded-For says", async () => {
    const lambda = (ip: string) => ({ requestContext: { http: { sourceIp: ip } } });
    const statuses = await flood(app({ now: frozen }), () => lambda('203.0.113.50'), (i) => ({ 'x-forwarded-for': `10.9.9.${i}` }));
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('behind CloudFront: only with its origin secret, keyed on CloudFront-Viewer-Address (IPv6 too)', async () => {
    const cdn = app({ now: frozen, originSecret: 'cf-origin-secret-0123456789', clientAddress: (await import('../../functions/api/client-address.ts')).viewerAddress });
    const direct = await subscribeTo(cdn, { email: 'direct@example.nl' });
    expect(direct.status).toBe(403);
    expect((await cdn.request('/status/tiny', {}, socket('192.0.2.1'))).status).toBe(403);
    const via = (viewer: string) => ({ 'x-origin-verify': 'cf-origin-secret-0123456789', 'cloudfront-viewer-address': viewer });
    // Same edge (socket) for all; the viewer decides. A new port is the same viewer.
    const statuses = await flood(cdn, () => socket('198.51.100.250'), (i) => via(`2001:db8::7:${40000 + i}`));
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect((await subscribeTo(cdn, { email: 'other@example.nl' }, socket('198.51.100.250'), via('192.0.2.44:5000'))).status).toBe(202);
  });

  it('texts only numbers of the brand\'s countries, at most sms.maxPerDay a day', async () => {
    const be = await subscribeTo(app(), { phone: '+32470123456' });
    expect(be.status).toBe(400);
    expect((await errorOf(be)).message).toMatch(/^phone: numbers from BE are not accepted for tiny \(accepted: NL\)/);
    expect((await subscribeTo(app(), { phone: '+31612345001' })).status).toBe(202);
    expect((await subscribeTo(app(), { phone: '+31612345002' })).status).toBe(202);
    const third = await subscribeTo(app(), { phone: '+31612345003' });
    expect(third.status).toBe(429);
    expect((await errorOf(third)).message).toMatch(/sms.maxPerDay/);
    expect(texts).toEqual(['+31612345001', '+31612345002']);
  });
});
