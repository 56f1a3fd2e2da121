import { Hono } from 'hono';
import type { Context } from 'hono';
import { recordAudit } from '../../../shared/audit/record.ts';
import { describeIssues, WecareError } from '../../../shared/errors.ts';
import { NewIncident, NewUpdate } from '../../../shared/incidents/model.ts';
import { fromTemplate } from '../../../shared/incidents/templates.ts';
import { openIncident, postUpdate, type TimelineDeps } from '../../../shared/incidents/timeline.ts';
import * as deliveries from '../../../shared/store/deliveries.ts';
import { getIncident, listUpdates } from '../../../shared/store/incidents.ts';
import { type ApiEnv, inScope, requireRight } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { incidentOpened } from './incident-opened.ts';

/**
 * Incidents and maintenances: incident managers and admins open and update them (incidents:write)
 * and see their deliveries (subscribers:manage: they hold subscribers' addresses); every role reads
 * one (cases:read: agents answer customers during an outage). A brand out of scope answers 404.
 * An `Idempotency-Key` header makes a retried POST answer the first result instead of a second update.
 */
export function incidentRoutes(ctx: ApiContext): Hono<ApiEnv> {
  const deps: TimelineDeps = { store: ctx.store, sns: ctx.sns, statusUpdatesTopic: ctx.topics.statusUpdates, brands: ctx.brands, now: ctx.now };
  const app = new Hono<ApiEnv>();
  const incidentOf = async (c: Context<ApiEnv>, id: string) => {
    const incident = await getIncident(ctx.store, id);
    if (!incident) throw new WecareError('not_found', `incident ${id} not found`);
    inScope(c, incident.brand, `incident ${id} not found`);
    return incident;
  };

  app.post('/api/incidents', requireRight('incidents:write'), async (c) => {
    const raw = await body(c);
    const template = withTemplate(c, raw);
    const input = parseBody(NewIncident, template?.body ?? raw);
    if (!ctx.brands.byId(input.brand)) throw new WecareError('not_found', `brand: unknown brand ${input.brand}`);
    inScope(c, input.brand, `brand: unknown brand ${input.brand}`);
    const incident = await openIncident(deps, input, idempotencyKey(c), template && { template: template.id });
    return incidentOpened(c, ctx.store, incident);
  });

  /** A body naming a `template`: the brand is checked (404 out of scope) before its template is read. */
  const withTemplate = (c: Context<ApiEnv>, raw: unknown) => {
    const fields = raw as Record<string, unknown> | null;
    if (typeof fields !== 'object' || fields === null || fields.template === undefined) return undefined;
    const brandId = String(fields.brand ?? '');
    const brand = ctx.brands.byId(brandId);
    if (!brand) throw new WecareError('not_found', `brand: unknown brand ${brandId}`);
    inScope(c, brand.id, `brand: unknown brand ${brandId}`);
    return { id: String(fields.template), body: fromTemplate(brand, fields) };
  };

  app.post('/api/incidents/:id/updates', requireRight('incidents:write'), async (c) => {
    const input = parseBody(NewUpdate, await body(c));
    await incidentOf(c, c.req.param('id'));
    const update = await postUpdate(deps, c.req.param('id'), input, idempotencyKey(c));
    await recordAudit(ctx.store, {
      brand: update.brand,
      actor: c.get('principal').actor,
      action: 'incident.update',
      target: { type: 'incident', id: update.incidentId },
      at: update.at,
      id: update.id,
      details: { update: update.id, status: update.status, impact: update.impact },
    });
    return c.json(update, 201);
  });

  app.get('/api/incidents/:id', requireRight('cases:read'), async (c) => {
    const incident = await incidentOf(c, c.req.param('id'));
    return c.json({ ...incident, updates: await listUpdates(ctx.store, incident.id) });
  });

  app.get('/api/incidents/:id/deliveries', requireRight('subscribers:manage'), async (c) => {
    const id = c.req.param('id');
    await incidentOf(c, id);
    const items = await deliveries.list(ctx.store, id);
    return c.json({ items: items.map(({ updateId, channel, target, state, subscriber, attempts, at, error }) => ({ updateId, channel, target, state, subscriber, attempts, at, error })) });
  });

  return app;
}

async function body(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new WecareError('bad_request', 'body: expected a JSON object');
  }
}

function parseBody<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } } }, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new WecareError('bad_request', describeIssues(result.error.issues));
  return result.data;
}

function idempotencyKey(c: Context): string | undefined {
  const key = c.req.header('idempotency-key');
  if (key !== undefined && !/^[\w.:-]{1,128}$/.test(key)) throw new WecareError('bad_request', 'idempotency-key: 1-128 characters of [A-Za-z0-9_.:-]');
  return key;
}
