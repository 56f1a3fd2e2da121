import type { Context } from 'hono';
import { type Hono } from 'hono';
import { canSeeBrand } from '../../../shared/auth/principal.ts';
import { type Case, runningDue } from '../../../shared/case.ts';
import { type InboxFilter, type InboxRow, inboxPage, inboxRows, inboxStates } from '../../../shared/console/inbox.tsx';
import type { Viewer } from '../../../shared/console/layout.tsx';
import { CONSOLE_TEXT } from '../../../shared/console/i18n.ts';
import { WecareError } from '../../../shared/errors.ts';
import { platformAdapters } from '../../../shared/platforms/index.ts';
import { listCases } from '../../../shared/store/case-queue.ts';
import { getMentions } from '../../../shared/store/mentions.ts';
import type { ApiContext } from '../context.ts';
import type { ConsoleEnv } from './console.ts';

/** The inbox shows one screenful, most urgent first; every filter is applied by DynamoDB (case-queue.ts). */
const PAGE = 50;

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
    after: short(q.after, 4000),
  };
}

/**
 * Where a filtered inbox goes on: per brand, the cursor of a list that stopped on its read budget
 * before filling the page (a rare search term in a long queue). Opaque to the browser.
 */
const encodeAfter = (cursors: Record<string, string>) => Buffer.from(JSON.stringify(cursors)).toString('base64url');
function decodeAfter(after: string | undefined): Record<string, string> {
  if (!after) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && Object.values(parsed).every((v) => typeof v === 'string')) return parsed as Record<string, string>;
  } catch {
    /* fall through */
  }
  throw new WecareError('bad_request', 'after: not a position this inbox gave out');
}

export interface InboxCases {
  rows: InboxRow[];
  /** Set when some brand's queue was not read to its end: the cases read, and where to go on. */
  partial?: { scanned: number; after: string };
}

/** Cases the page shows: the brands in scope (or the one chosen), filtered, most urgent first. */
export async function inboxCases(ctx: ApiContext, viewer: Viewer, f: InboxFilter, now: Date): Promise<InboxCases> {
  const inScope = ctx.brands.all.filter((b) => canSeeBrand(viewer.principal, b.id));
  if (f.brand && !inScope.some((b) => b.id === f.brand)) throw new WecareError('not_found', `brand: no brand "${f.brand}"`);
  const after = decodeAfter(f.after);
  // Going on from a stopped search reads only the brands that stopped.
  const brands = (f.brand ? inScope.filter((b) => b.id === f.brand) : inScope).filter((b) => !f.after || after[b.id]);
  const pages = await Promise.all(
    brands.map(async (b) => {
      const page = await listCases(ctx.store, {
        brand: b.id,
        states: inboxStates(f.state),
        assignee: f.mine ? viewer.principal.actor.id : f.unassigned ? 'none' : undefined,
        team: f.team,
        platform: f.platform,
        intent: f.intent,
        sentiment: f.sentiment,
        lang: f.lang,
        text: f.q,
        breachedAt: f.breached ? now : undefined,
        cursor: after[b.id],
        limit: PAGE,
      });
      return { brand: b.id, ...page };
    }),
  );
  const urgent = (c: Case) => `${runningDue(c) ?? '~'}#${String(1000 - c.priority).padStart(4, '0')}`;
  const cases = pages.flatMap((p) => p.items).sort((a, b) => urgent(a).localeCompare(urgent(b))).slice(0, PAGE);
  // The customer's whole last message, in one batch read (the case keeps a preview only).
  const texts = new Map((await getMentions(ctx.store, cases.map((c) => c.lastMentionId))).map((m) => [m.id, m.text]));
  const zone = new Map(brands.map((b) => [b.id, b.timezone]));
  const rows = cases.map((c) => ({ c, timeZone: zone.get(c.brand) ?? 'UTC', lastText: texts.get(c.lastMentionId) }));
  const stopped = pages.filter((p) => p.cursor && p.items.length < PAGE);
  if (!stopped.length) return { rows };
  return { rows, partial: { scanned: pages.reduce((n, p) => n + p.scanned, 0), after: encodeAfter(Object.fromEntries(stopped.map((p) => [p.brand, p.cursor!]))) } };
}

const bulkFlash = (viewer: Viewer, q: Record<string, string>) =>
  q.done === 'bulk' ? CONSOLE_TEXT[viewer.lang].bulkDone(Number(q.n) || 0, Number(q.failed) || 0) : undefined;

/** The same inbox, going on from where the search stopped. */
function furtherHref(url: string, after: string): string {
  const params = new URL(url).searchParams;
  params.set('after', after);
  return `/console?${params.toString()}`;
}

export const platformLabels = () => Object.values(platformAdapters).map((a) => ({ id: a.platform, label: a.label }));

/** `GET /console` (the inbox) and `GET /console/inbox/rows` (its rows, which the page polls). */
export function inboxRoutes(app: Hono<ConsoleEnv>, ctx: ApiContext, page: (c: Context<ConsoleEnv>, status: 200 | 404, body: string) => Promise<Response>) {
  app.get('/console', async (c) => {
    const viewer = c.get('viewer');
    const f = parseInboxFilter(c.req.query());
    const now = ctx.now();
    const { rows, partial } = await inboxCases(ctx, viewer, f, now);
    const brands = ctx.brands.all.filter((b) => canSeeBrand(viewer.principal, b.id));
    const search = new URL(c.req.url).search;
    return page(c, 200, inboxPage({
      viewer,
      filter: f,
      rows,
      partial: partial && { scanned: partial.scanned, href: furtherHref(c.req.url, partial.after) },
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
    const { rows } = await inboxCases(ctx, viewer, parseInboxFilter(c.req.query()), now);
    c.header('cache-control', 'no-store');
    return c.html(inboxRows(viewer.lang, rows, now, new Map(platformLabels().map((p) => [p.id, p.label]))));
  });
}
