import type { Context } from 'hono';
import { type Hono } from 'hono';
import { canSeeBrand } from '../../../shared/auth/principal.ts';
import { type Case, isBreached, runningDue } from '../../../shared/case.ts';
import { type InboxFilter, type InboxRow, inboxPage, inboxRows, inboxStates } from '../../../shared/console/inbox.tsx';
import type { Viewer } from '../../../shared/console/layout.tsx';
import { CONSOLE_TEXT } from '../../../shared/console/i18n.ts';
import { WecareError } from '../../../shared/errors.ts';
import { platformAdapters } from '../../../shared/platforms/index.ts';
import { listCases } from '../../../shared/store/case-queue.ts';
import { getMentions } from '../../../shared/store/mentions.ts';
import type { ApiContext } from '../context.ts';
import type { ConsoleEnv } from './console.ts';

/** The inbox shows one screenful; the in-page filters (unassigned, breached, search) look at this many. */
const PAGE = 50;
const SCAN = 100;

const flag = (v: string | undefined) => v === '1' || v === 'on' || v === 'true';
const short = (v: string | undefined, max: number) => (v ? v.trim().slice(0, max) || undefined : undefined);

export function parseInboxFilter(q: Record<string, string>): InboxFilter {
  return {
    brand: short(q.brand, 40),
    mine: flag(q.mine),
    unassigned: flag(q.unassigned),
    breached: flag(q.breached),
    team: short(q.team, 80),
    platform: short(q.platform, 40),
    state: short(q.state, 20),
    intent: short(q.intent, 20),
    sentiment: short(q.sentiment, 20),
    lang: short(q.lang, 10),
    q: short(q.q, 200),
  };
}

/** Cases the page shows: the brands in scope (or the one chosen), filtered, most urgent first. */
export async function inboxCases(ctx: ApiContext, viewer: Viewer, f: InboxFilter, now: Date): Promise<InboxRow[]> {
  const inScope = ctx.brands.all.filter((b) => canSeeBrand(viewer.principal, b.id));
  if (f.brand && !inScope.some((b) => b.id === f.brand)) throw new WecareError('not_found', `brand: no brand "${f.brand}"`);
  const brands = f.brand ? inScope.filter((b) => b.id === f.brand) : inScope;
  const postFilter = f.unassigned || f.breached || f.q || f.intent || f.sentiment || f.lang;
  const pages = await Promise.all(
    brands.map((b) =>
      listCases(ctx.store, {
        brand: b.id,
        states: inboxStates(f.state),
        assignee: f.mine ? viewer.principal.actor.id : undefined,
        team: f.team,
        platform: f.platform,
        limit: postFilter ? SCAN : PAGE,
      }),
    ),
  );
  const needle = f.q?.toLowerCase();
  const keep = (c: Case) =>
    (!f.unassigned || !c.assignee) &&
    (!f.breached || isBreached(c, now)) &&
    (!f.intent || c.intent === f.intent) &&
    (!f.sentiment || c.sentiment.label === f.sentiment) &&
    (!f.lang || c.lang === f.lang) &&
    (!needle || [c.preview, c.customer.name, c.customer.handle, c.customer.id].some((s) => s?.toLowerCase().includes(needle)));
  const urgent = (c: Case) => `${runningDue(c) ?? '~'}#${String(1000 - c.priority).padStart(4, '0')}`;
  const cases = pages.flatMap((p) => p.items).filter(keep).sort((a, b) => urgent(a).localeCompare(urgent(b))).slice(0, PAGE);
  // The customer's whole last message, in one batch read (the case keeps a preview only).
  const texts = new Map((await getMentions(ctx.store, cases.map((c) => c.lastMentionId))).map((m) => [m.id, m.text]));
  const zone = new Map(brands.map((b) => [b.id, b.timezone]));
  return cases.map((c) => ({ c, timeZone: zone.get(c.brand) ?? 'UTC', lastText: texts.get(c.lastMentionId) }));
}

const bulkFlash = (viewer: Viewer, q: Record<string, string>) =>
  q.done === 'bulk' ? CONSOLE_TEXT[viewer.lang].bulkDone(Number(q.n) || 0, Number(q.failed) || 0) : undefined;

export const platformLabels = () => Object.values(platformAdapters).map((a) => ({ id: a.platform, label: a.label }));

/** `GET /console` (the inbox) and `GET /console/inbox/rows` (its rows, which the page polls). */
export function inboxRoutes(app: Hono<ConsoleEnv>, ctx: ApiContext, page: (c: Context<ConsoleEnv>, status: 200 | 404, body: string) => Promise<Response>) {
  app.get('/console', async (c) => {
    const viewer = c.get('viewer');
    const f = parseInboxFilter(c.req.query());
    const now = ctx.now();
    const rows = await inboxCases(ctx, viewer, f, now);
    const brands = ctx.brands.all.filter((b) => canSeeBrand(viewer.principal, b.id));
    const search = new URL(c.req.url).search;
    return page(c, 200, inboxPage({
      viewer,
      filter: f,
      rows,
      brands: brands.map((b) => ({ id: b.id, name: b.name })),
      teams: [...new Set(brands.flatMap((b) => b.teams))],
      platforms: platformLabels(),
      languages: [...new Set(brands.flatMap((b) => b.languages))],
      flash: bulkFlash(viewer, c.req.query()),
      now,
      pollUrl: `/console/inbox/rows${search}`,
    }));
  });

  app.get('/console/inbox/rows', async (c) => {
    const viewer = c.get('viewer');
    const now = ctx.now();
    const rows = await inboxCases(ctx, viewer, parseInboxFilter(c.req.query()), now);
    c.header('cache-control', 'no-store');
    return c.html(inboxRows(viewer.lang, rows, now, new Map(platformLabels().map((p) => [p.id, p.label]))));
  });
}
