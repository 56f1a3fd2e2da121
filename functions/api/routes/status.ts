import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { Brand } from '../../../shared/config/brand.ts';
import { WecareError } from '../../../shared/errors.ts';
import { type ChannelResponseTime, officeHours, readResponseTimes } from '../../../shared/incidents/response-time.ts';
import { renderBadge } from '../../../shared/status-page/badge.ts';
import { embedJson } from '../../../shared/status-page/embed.ts';
import { historyFeed } from '../../../shared/status-page/feeds.ts';
import { CSP, renderStatusPage } from '../../../shared/status-page/html.tsx';
import { pickLang } from '../../../shared/status-page/i18n.ts';
import { renderIncidentPage } from '../../../shared/status-page/incident-page.tsx';
import { type IncidentView, readIncident, readSnapshot, type Snapshot, SnapshotCache } from '../../../shared/status-page/snapshot.ts';
import * as sp from '../../../shared/status-page/statuspage-json.ts';
import type { ApiContext } from '../context.ts';
import { brandOf } from './brand.ts';
import { subscribeRoutes } from './subscribe.ts';
import { subscriptionManageRoutes } from './subscription-manage.ts';

type Rendered = { body: string; etag: string; type: string };
type View = (brand: Brand, s: Snapshot, lang: string) => { type: string; body: string };
type PageLang = ReturnType<typeof pickLang>;

/**
 * The public status pages (no auth). Every GET renders from the brand's last good snapshot:
 * rendered bodies are cached per snapshot, answered with an ETag (304 on If-None-Match), and a
 * slow or failing DynamoDB serves the last good snapshot instead of an error. These public reads
 * (page, incident pages, JSON, feeds, badge) are open to other sites (CORS `*`); nothing else is.
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

  const serve = (view: View, html = false) =>
    render(async (c, brand, snapshot, lang, stale) =>
      html
        ? { type: 'text/html; charset=utf-8', body: renderStatusPage({ brand, snapshot, lang, stale, responseTimes: await expected(brand), now: ctx.now() }) }
        : { type: typeOf(c.req.path), body: view(brand, snapshot, lang).body },
    html);

  /** Renders once per (brand, path, language, snapshot), then answers from the cache with its ETag. */
  function render(make: (c: Context, brand: Brand, s: Snapshot, lang: PageLang, stale: boolean) => Promise<{ type: string; body: string }>, html: boolean) {
    return async (c: Context) => {
      const brand = brandOf(ctx, c);
      const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'), brand.languages);
      const { snapshot, stale } = await snapshots.get(brand);
      const key = `${brand.id}|${c.req.path}|${lang}|${snapshot.at}|${stale}`;
      let out = rendered.get(key);
      if (!out) {
        const { type, body } = await make(c, brand, snapshot, lang, stale);
        out = { body, type, etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
        if (rendered.size > 1000) rendered.clear();
        rendered.set(key, out);
      }
      return answer(c, out, { html, stale, type: out.type });
    };
  }

  /** From the snapshot; an older closed incident (past the 90 days) or one newer than the snapshot from the table. */
  const incidentOf = async (brand: Brand, s: Snapshot, id: string): Promise<IncidentView> => {
    const found = s.incidents.find((i) => i.id === id) ?? (await readIncident(ctx.store, id));
    if (!found || found.brand !== brand.id) throw new WecareError('not_found', `incident: no incident ${id} on the status page of ${brand.id}`);
    return found;
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
  app.get('/status/:brand/embed.json', serve(json(embedJson)));
  app.get('/status/:brand/history.atom', serve((b, s, l) => ({ type: 'application/atom+xml; charset=utf-8', body: historyFeed(pageCtx(b, l), s).atom1() })));
  app.get('/status/:brand/badge.svg', serve((b, s, l) => ({ type: 'image/svg+xml; charset=utf-8', body: renderBadge(b, s, l as PageLang) })));
  app.get(
    '/status/:brand/incidents/:id',
    render(async (c, brand, s, lang, stale) => ({ type: 'text/html; charset=utf-8', body: renderIncidentPage({ brand, incident: await incidentOf(brand, s, c.req.param('id') ?? ''), lang, stale }) }), true),
  );
  app.get('/status/:brand/history.rss', serve((b, s, l) => ({ type: 'application/rss+xml; charset=utf-8', body: historyFeed(pageCtx(b, l), s).rss2() })));

  app.get('/status/:brand/response-time', async (c) => {
    const brand = brandOf(ctx, c);
    c.header('cache-control', 'public, max-age=30');
    c.header('access-control-allow-origin', '*');
    return c.json({ brand: brand.id, at: ctx.now().toISOString(), channels: await expected(brand), officeHours: officeHours(brand, ctx.now()) });
  });

  app.route('/', subscribeRoutes(ctx));
  app.route('/', subscriptionManageRoutes(ctx));
  return app;
}

function answer(c: Context, out: Rendered, o: { html: boolean; stale: boolean; type: string }) {
  // Browsers and CDNs may keep a page briefly and serve it stale while revalidating or when we fail.
  c.header('cache-control', o.stale ? 'public, max-age=5' : 'public, max-age=15, stale-while-revalidate=60, stale-if-error=86400');
  c.header('etag', out.etag);
  c.header('vary', 'Accept-Language');
  c.header('x-content-type-options', 'nosniff');
  // Public reads only: other sites may embed the JSON, feeds and badge (never /api/* or a POST).
  c.header('access-control-allow-origin', '*');
  c.header('access-control-expose-headers', 'etag');
  if (o.stale) c.header('x-wecare-snapshot', 'stale');
  if (o.html) c.header('content-security-policy', CSP);
  else if (o.type.startsWith('image/svg')) c.header('content-security-policy', "default-src 'none'");
  if (o.html) c.header('referrer-policy', 'strict-origin-when-cross-origin');
  const match = c.req.header('if-none-match');
  if (match && match.split(',').some((m) => m.trim() === out.etag)) return c.body(null, 304);
  c.header('content-type', o.type);
  return c.body(out.body, 200);
}

const typeOf = (path: string) =>
  path.endsWith('.svg') ? 'image/svg+xml; charset=utf-8' : path.endsWith('.atom') ? 'application/atom+xml; charset=utf-8' : path.endsWith('.rss') ? 'application/rss+xml; charset=utf-8' : 'application/json; charset=utf-8';

const emptySnapshot = (b: Brand, now: Date): Snapshot => ({ brand: b.id, at: now.toISOString(), incidents: [], components: {} });
