import { type Context, Hono } from 'hono';
import { WecareError } from '../../../shared/errors.ts';
import { dismissDraft, publishDraft, readDraft, withEvidenceTexts } from '../../../shared/incidents/drafts.ts';
import type { TimelineDeps } from '../../../shared/incidents/timeline.ts';
import { listDrafts } from '../../../shared/store/incident-drafts.ts';
import { type ApiEnv, inScope, requireRight } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { incidentOpened } from './incident-opened.ts';

/** How far back the list looks: drafts are about now; older ones are history. */
const LIST_DAYS = 7;

/**
 * Drafts from the crowd (shared/incidents/drafts.ts), for incident managers and admins
 * (incidents:write): the open proposals of a brand with their evidence, published in one request
 * (optional overrides: name, impact, status, components, message) through the normal incident path,
 * or dismissed. A draft of a brand out of scope answers 404 like an unknown one.
 * Mounted before the incident routes: `/api/incidents/drafts` is not an incident id.
 */
export function incidentDraftRoutes(ctx: ApiContext): Hono<ApiEnv> {
  const deps: TimelineDeps = { store: ctx.store, sns: ctx.sns, statusUpdatesTopic: ctx.topics.statusUpdates, brands: ctx.brands, now: ctx.now };
  const app = new Hono<ApiEnv>();
  const draftOf = async (c: Context<ApiEnv>) => {
    const id = c.req.param('id') ?? '';
    const draft = await readDraft(ctx.store, id);
    if (!draft) throw new WecareError('not_found', `draft ${id} not found`);
    inScope(c, draft.brand, `draft ${id} not found`);
    return draft;
  };

  app.get('/api/incidents/drafts', requireRight('incidents:write'), async (c) => {
    const brand = c.req.query('brand');
    if (!brand) throw new WecareError('bad_request', 'brand: required (?brand=<id>)');
    if (!ctx.brands.byId(brand)) throw new WecareError('not_found', `brand: unknown brand ${brand}`);
    inScope(c, brand, `brand: unknown brand ${brand}`);
    const state = c.req.query('state') ?? 'open';
    if (!['open', 'published', 'dismissed', 'all'].includes(state)) throw new WecareError('bad_request', 'state: expected open, published, dismissed or all');
    const drafts = (await listDrafts(ctx.store, brand, new Date(ctx.now().getTime() - LIST_DAYS * 86_400_000))).filter((d) => state === 'all' || d.state === state);
    return c.json({ items: await Promise.all(drafts.map((d) => withEvidenceTexts(ctx.store, d))) });
  });

  app.post('/api/incidents/drafts/:id/publish', requireRight('incidents:write'), async (c) => {
    const draft = await draftOf(c);
    const overrides = await optionalBody(c);
    const incident = await publishDraft(deps, draft, overrides);
    return incidentOpened(c, ctx.store, incident, { draft: draft.id });
  });

  app.post('/api/incidents/drafts/:id/dismiss', requireRight('incidents:write'), async (c) => {
    const draft = await draftOf(c);
    await dismissDraft(ctx.store, draft);
    return c.json({ ...draft, state: 'dismissed' });
  });

  return app;
}

/** Overrides are optional: no body, or a JSON object. */
async function optionalBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {}
  throw new WecareError('bad_request', 'body: expected a JSON object of overrides (name, impact, status, components, message) or none');
}
