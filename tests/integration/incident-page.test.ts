import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { deliverToChannel } from '../../shared/broadcast/deliver.ts';
import { createSns } from '../../shared/bus/clients.ts';
import { indexBrands, parseConfig } from '../../shared/config/load.ts';
import type { StatusUpdateEvent } from '../../shared/incidents/event.ts';
import type { Incident, IncidentUpdate } from '../../shared/incidents/model.ts';
import { readReplyEnv } from '../../shared/platforms/index.ts';
import type { Store } from '../../shared/store/client.ts';
import * as deliveries from '../../shared/store/deliveries.ts';
import { endpoints, freshResources } from '../support/emulators.ts';
import { acmeBrands, ADMIN, incidentBody, post, testApi } from '../unit/incidents/fixtures.ts';

/** Acme plus a second brand, so an incident of one is not on the other's page. */
function twoBrands() {
  const acme = acmeBrands().all[0]!;
  const config = parseConfig({
    brands: [{ id: 'beta', name: 'Beta Water', languages: ['en', 'nl'], accounts: {}, components: [{ id: 'pipes', name: 'Pipes' }], channels: [] }],
  });
  return indexBrands({ ...config, brands: [acme, ...config.brands] });
}

describe('incident pages, badge and CORS over the API app on DynamoDB Local', () => {
  let app: ReturnType<typeof testApi>;
  let id = '';

  beforeAll(async () => {
    const { resources, store } = await freshResources('incident-page');
    app = testApi({ store, sns: createSns(endpoints().fauxqs), brands: twoBrands(), statusUpdates: resources.topicArns.statusUpdates });
    const res = await post(
      app,
      '/api/incidents',
      incidentBody({ name: 'Inloggen <app> mislukt', impact: 'major', components: { app: 'major_outage', website: 'degraded_performance' } }),
    );
    expect(res.status).toBe(201);
    id = ((await res.json()) as { id: string }).id;
    const second = await post(app, `/api/incidents/${id}/updates`, {
      status: 'identified',
      message: { nl: 'Oorzaak gevonden: een certificaat.', en: 'Found it: a certificate.' },
    });
    expect(second.status).toBe(201);
  });

  it('shows both updates oldest first, in Dutch and in English, with the strict CSP, cache headers and an ETag', async () => {
    const nl = await app.request(`/status/acme/incidents/${id}`, { headers: { 'accept-language': 'nl-NL,nl;q=0.9' } });
    expect(nl.status).toBe(200);
    expect(nl.headers.get('content-type')).toContain('text/html');
    expect(nl.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(nl.headers.get('cache-control')).toContain('max-age=');
    const etag = nl.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const html = await nl.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Inloggen &lt;app&gt; mislukt');
    expect(html).toContain('Mobile app');
    expect(html.indexOf('We onderzoeken problemen met inloggen.')).toBeGreaterThan(0);
    expect(html.indexOf('We onderzoeken problemen met inloggen.')).toBeLessThan(html.indexOf('Oorzaak gevonden: een certificaat.'));
    expect(html).toContain('href="/status/acme?lang=nl"');

    const en = await (await app.request(`/status/acme/incidents/${id}?lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en.indexOf('We are investigating login problems.')).toBeLessThan(en.indexOf('Found it: a certificate.'));
    expect(en).not.toContain('Oorzaak gevonden: een certificaat.');

    const again = await app.request(`/status/acme/incidents/${id}`, { headers: { 'accept-language': 'nl', 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('the status page links each incident to its page', async () => {
    const html = await (await app.request('/status/acme?lang=en')).text();
    expect(html).toContain(`href="/status/acme/incidents/${id}?lang=en"`);
  });

  it('404 naming the incident for an unknown id and for an incident of another brand', async () => {
    const unknown = await app.request('/status/acme/incidents/nope');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('nope'),
    });
    const other = await app.request(`/status/beta/incidents/${id}`);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { message: string } }).error.message).toContain(id);
  });

  it('badge.svg: an SVG with the brand and the overall status, cached with an ETag', async () => {
    const res = await app.request('/status/acme/badge.svg?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get('cache-control')).toContain('max-age=');
    expect(res.headers.get('etag')).toBeTruthy();
    const svg = await res.text();
    expect(svg).toContain('>Acme Energie</text>');
    expect(svg).toContain('>Partial system outage</text>');
    const beta = await (await app.request('/status/beta/badge.svg')).text();
    expect(beta).toContain('>All systems operational</text>');
  });

  it('CORS is open on the public reads only: never on /api/* nor on a POST', async () => {
    for (const path of [
      '/status/acme/api/v2/summary.json',
      '/status/acme/history.atom',
      '/status/acme/history.rss',
      '/status/acme/badge.svg',
      `/status/acme/incidents/${id}`,
    ]) {
      const res = await app.request(path, { headers: { origin: 'https://elsewhere.example' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    const api = await app.request(`/api/incidents/${id}`, { headers: { authorization: `Bearer ${ADMIN}`, origin: 'https://elsewhere.example' } });
    expect(api.status).toBe(200);
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
    const created = await post(app, '/api/incidents', incidentBody({ brand: 'beta', components: { pipes: 'partial_outage' } }), {
      origin: 'https://elsewhere.example',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBeNull();
    const subscribe = await app.request('/status/acme/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://elsewhere.example' },
      body: JSON.stringify({ email: 'cors@example.com' }),
    });
    expect(subscribe.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('X and Facebook updates of one incident thread under the first post', () => {
  let sink: RecordingSink;
  let store: Store;
  const brand = acmeBrands().byId('acme')!;

  beforeAll(async () => {
    sink = await startSink();
    store = (await freshResources('threading')).store;
  });
  afterAll(() => sink.close());

  const update = (id: string, at: string, status: IncidentUpdate['status']): IncidentUpdate => ({
    id,
    incidentId: 'thr1',
    brand: 'acme',
    name: 'Storing',
    kind: 'incident',
    status,
    impact: 'major',
    message: { nl: `Update ${id}`, en: `Update ${id}` },
    components: { app: 'major_outage' },
    previous: {},
    at,
  });
  const event = (u: IncidentUpdate): StatusUpdateEvent => ({ type: 'status.update', incident: { id: 'thr1', brand: 'acme' } as Incident, update: u });
  const deps = () => ({
    store,
    fetch,
    env: { platforms: readReplyEnv({ X_API_URL: `${sink.url}/x`, META_GRAPH_URL: `${sink.url}/meta` }), publicUrl: 'https://status.example' },
    now: () => new Date(),
  });
  const attempt = { receiveCount: 1, maxReceiveCount: 5, leaseMs: 30_000 };

  it('the second and third updates reply to the first post (X in_reply_to, Facebook /<post-id>/comments)', async () => {
    const [u1, u2, u3] = [
      update('a1', '2026-11-23T10:00:00Z', 'investigating'),
      update('a2', '2026-11-23T10:30:00Z', 'identified'),
      update('a3', '2026-11-23T11:00:00Z', 'resolved'),
    ];
    for (const u of [u1, u2, u3]) {
      for (const channel of ['x-main', 'facebook-page']) expect((await deliverToChannel(deps(), brand, channel, event(u), attempt)).sent).toBe(1);
    }
    const tweets = sink.requests('/x/2/tweets');
    expect(tweets).toHaveLength(3);
    expect((tweets[0]!.json as { reply?: unknown }).reply).toBeUndefined();
    const firstX = (await deliveries.list(store, 'thr1')).find((d) => d.updateId === 'a1' && d.channel === 'x-main')!.remoteId!;
    expect(firstX).toMatch(/^sink-/);
    for (const t of tweets.slice(1)) expect((t.json as { reply: { in_reply_to_tweet_id: string } }).reply.in_reply_to_tweet_id).toBe(firstX);
    expect((tweets[1]!.json as { text: string }).text).toContain('https://status.example/status/acme/incidents/thr1');

    const firstFb = (await deliveries.list(store, 'thr1')).find((d) => d.updateId === 'a1' && d.channel === 'facebook-page')!.remoteId!;
    expect(sink.requests('/meta').map((r) => r.path)).toEqual(['/meta/v21.0/page1/feed', `/meta/v21.0/${firstFb}/comments`, `/meta/v21.0/${firstFb}/comments`]);
    expect(await deliveries.threadRoot(store, 'thr1', 'x-main')).toBe(firstX);
  });
});
