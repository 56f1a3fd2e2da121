import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { Brand } from '../../../shared/config/brand.ts';
import { describeIssues, WecareError } from '../../../shared/errors.ts';
import { type ChannelResponseTime, readResponseTimes } from '../../../shared/incidents/response-time.ts';
import { SubscribeRequest, setSubscriptionArn, subscribe, useToken } from '../../../shared/incidents/subscribers.ts';
import { limitRate } from '../../../shared/store/rate-limit.ts';
import { activatePhone, endSubscription, startOptIn, type SubscriptionDeps } from '../../../shared/incidents/subscriptions.ts';
import { historyFeed } from '../../../shared/status-page/feeds.ts';
import { CSP, renderStatusPage } from '../../../shared/status-page/html.ts';
import { pickLang } from '../../../shared/status-page/i18n.ts';
import { readSnapshot, type Snapshot, SnapshotCache } from '../../../shared/status-page/snapshot.ts';
import * as sp from '../../../shared/status-page/statuspage-json.ts';
import type { ApiContext } from '../context.ts';

type Rendered = { body: string; etag: string };
type View = (brand: Brand, s: Snapshot, lang: string) => { type: string; body: string };

/**
 * The public status pages (no auth). Every GET renders from the brand's last good snapshot:
 * rendered bodies are cached per snapshot, answered with an ETag (304 on If-None-Match), and a
 * slow or failing DynamoDB serves the last good snapshot instead of an error.
 */
export function statusRoutes(ctx: ApiContext, opts = { freshMs: 5_000, timeoutMs: 1_000 }): Hono {
  const snapshots = new SnapshotCache((b) => readSnapshot(ctx.store, b, ctx.now()), ctx.now, opts);
  const responseTimes = new SnapshotCache(
    async (b) => ({ ...emptySnapshot(b, ctx.now()), responseTimes: await readResponseTimes(ctx.store, b, ctx.now()) }),
    ctx.now,
    { freshMs: 30_000, timeoutMs: opts.timeoutMs },
  );
  const rendered = new Map<string, Rendered>();
  const pageCtx = (brand: Brand, lang: string) => ({ brand, publicUrl: ctx.publicUrl, lang });
  const expected = async (brand: Brand): Promise<ChannelResponseTime[]> =>
    responseTimes.get(brand).then((r) => (r.snapshot as Snapshot & { responseTimes: ChannelResponseTime[] }).responseTimes, () => []);

  const serve = (view: View, html = false) => async (c: Context) => {
    const brand = brandOf(ctx, c);
    const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'), brand.languages);
    const { snapshot, stale } = await snapshots.get(brand);
    const key = `${brand.id}|${c.req.path}|${lang}|${snapshot.at}|${stale}`;
    let out = rendered.get(key);
    if (!out) {
      const body = html
        ? renderStatusPage({ brand, snapshot, lang, stale, responseTimes: await expected(brand), now: ctx.now() })
        : view(brand, snapshot, lang).body;
      out = { body, etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
      if (rendered.size > 1000) rendered.clear();
      rendered.set(key, out);
    }
    return answer(c, out, { html, stale, type: html ? 'text/html; charset=utf-8' : typeOf(c.req.path) });
  };

  const json = (fn: (p: sp.PageContext, s: Snapshot) => unknown): View => (brand, s, lang) => ({ type: 'application/json; charset=utf-8', body: JSON.stringify(fn(pageCtx(brand, lang), s)) });
  const app = new Hono();
  app.get('/status/:brand', serve(() => ({ type: '', body: '' }), true));
  app.get('/status/:brand/api/v2/summary.json', serve(json(sp.summaryJson)));
  app.get('/status/:brand/api/v2/status.json', serve(json(sp.statusJson)));
  app.get('/status/:brand/api/v2/components.json', serve(json(sp.componentsJson)));
  app.get('/status/:brand/api/v2/incidents.json', serve(json(sp.incidentsJson)));
  app.get('/status/:brand/api/v2/incidents/unresolved.json', serve(json(sp.unresolvedJson)));
  app.get('/status/:brand/api/v2/scheduled-maintenances.json', serve(json((p, s) => sp.maintenancesJson(p, s, 'all'))));
  app.get('/status/:brand/api/v2/scheduled-maintenances/upcoming.json', serve(json((p, s) => sp.maintenancesJson(p, s, 'upcoming'))));
  app.get('/status/:brand/api/v2/scheduled-maintenances/active.json', serve(json((p, s) => sp.maintenancesJson(p, s, 'active'))));
  app.get('/status/:brand/history.atom', serve((b, s, l) => ({ type: 'application/atom+xml; charset=utf-8', body: historyFeed(pageCtx(b, l), s).atom1() })));
  app.get('/status/:brand/history.rss', serve((b, s, l) => ({ type: 'application/rss+xml; charset=utf-8', body: historyFeed(pageCtx(b, l), s).rss2() })));

  app.get('/status/:brand/response-time', async (c) => {
    const brand = brandOf(ctx, c);
    c.header('cache-control', 'public, max-age=30');
    return c.json({ brand: brand.id, at: ctx.now().toISOString(), channels: await expected(brand) });
  });

  app.post('/status/:brand/subscribe', async (c) => {
    const brand = brandOf(ctx, c);
    const form = (c.req.header('content-type') ?? '').includes('form');
    const input = SubscribeRequest.safeParse(form ? formBody(await c.req.parseBody({ all: true })) : await c.req.json().catch(() => undefined));
    if (!input.success) throw new WecareError('bad_request', describeIssues(input.error.issues));
    // Against floods and against mail/SMS bombing of someone else's address: per client, per address.
    const client = (c.req.header('x-forwarded-for') ?? '').split(',')[0]!.trim() || 'unknown';
    await limitRate(ctx.store, 'subscribe-client', `${brand.id}:${client}`, 10, 60, ctx.now());
    const address = input.data.email?.toLowerCase() ?? input.data.phone ?? input.data.webhook ?? '';
    await limitRate(ctx.store, 'subscribe-address', `${brand.id}:${address}`, 3, 3600, ctx.now());
    const { subscriber, confirmToken, unsubscribeToken } = await subscribe(ctx.store, brand, input.data, ctx.now());
    // The opt-in token travels only in the confirmation message, never in this answer.
    const arn = await startOptIn(subscriptions(ctx), brand, subscriber, { confirm: confirmToken, unsubscribe: unsubscribeToken });
    if (arn) await setSubscriptionArn(ctx.store, brand.id, subscriber.id, arn);
    if (form) return c.html(`<!doctype html><p>${subscriber.state === 'pending' ? 'Check your inbox / Controleer je inbox' : 'OK'}</p>`, 202, { 'content-security-policy': CSP });
    const webhook = subscriber.type === 'webhook' ? { secret: subscriber.secret, unsubscribeToken } : {};
    return c.json({ id: subscriber.id, type: subscriber.type, state: subscriber.state, components: subscriber.components ?? null, ...webhook }, subscriber.state === 'active' ? 201 : 202);
  });

  for (const [path, action] of [['subscribe/confirm', 'confirm'], ['unsubscribe', 'unsubscribe']] as const) {
    app.on(['GET', 'POST'], `/status/:brand/${path}`, async (c) => {
      const brand = brandOf(ctx, c);
      const token = c.req.query('token');
      if (!token) throw new WecareError('bad_request', 'token: required');
      const s = await useToken(ctx.store, brand.id, action, token);
      if (action === 'confirm' && s.type === 'phone' && s.state === 'active' && !s.subscriptionArn) {
        const arn = await activatePhone(subscriptions(ctx), brand, s);
        if (arn) await setSubscriptionArn(ctx.store, brand.id, s.id, arn);
      }
      if (action === 'unsubscribe') await endSubscription(subscriptions(ctx), s.subscriptionArn);
      return c.json({ id: s.id, state: s.state });
    });
  }
  return app;
}

const subscriptions = (ctx: ApiContext): SubscriptionDeps => ({ sns: ctx.sns, statusUpdatesTopic: ctx.topics.statusUpdates, publicUrl: ctx.publicUrl, sendSms: ctx.sendSms });

function brandOf(ctx: ApiContext, c: Context): Brand {
  const brand = ctx.brands.byId(c.req.param('brand') ?? '');
  if (!brand) throw new WecareError('not_found', `brand: no status page for ${c.req.param('brand')}`);
  return brand;
}

function answer(c: Context, out: Rendered, o: { html: boolean; stale: boolean; type: string }) {
  // Browsers and CDNs may keep a page briefly and serve it stale while revalidating or when we fail.
  c.header('cache-control', o.stale ? 'public, max-age=5' : 'public, max-age=15, stale-while-revalidate=60, stale-if-error=86400');
  c.header('etag', out.etag);
  c.header('vary', 'Accept-Language');
  c.header('x-content-type-options', 'nosniff');
  if (o.stale) c.header('x-wecare-snapshot', 'stale');
  if (o.html) c.header('content-security-policy', CSP);
  if (o.html) c.header('referrer-policy', 'strict-origin-when-cross-origin');
  const match = c.req.header('if-none-match');
  if (match && match.split(',').some((m) => m.trim() === out.etag)) return c.body(null, 304);
  c.header('content-type', o.type);
  return c.body(out.body, 200);
}

const typeOf = (path: string) =>
  path.endsWith('.atom') ? 'application/atom+xml; charset=utf-8' : path.endsWith('.rss') ? 'application/rss+xml; charset=utf-8' : 'application/json; charset=utf-8';

const emptySnapshot = (b: Brand, now: Date): Snapshot => ({ brand: b.id, at: now.toISOString(), incidents: [], components: {} });

/** A form's `components` may come once or repeated; zod wants an array. */
function formBody(body: Record<string, string | File | (string | File)[]>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) out[k] = k === 'components' ? [v].flat() : Array.isArray(v) ? v[0] : v;
  return out;
}
