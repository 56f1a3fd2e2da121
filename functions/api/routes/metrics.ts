import { Hono } from 'hono';
import { WecareError } from '../../../shared/errors.ts';
import { brandMetrics } from '../../../shared/metrics/query.ts';
import { type ApiEnv, inScope, requireRight } from '../auth.ts';
import type { ApiContext } from '../context.ts';

const DAY = 86_400_000;
const DEFAULT_DAYS = 7;
const MAX_DAYS = 93;

/** An ISO date or date-time, or undefined; anything else is the caller's mistake, named. */
function isoParam(name: string, value: string | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const at = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at)) throw new WecareError('bad_request', `${name}: expected an ISO 8601 date, got "${value}"`);
  return new Date(at);
}

/** `GET /api/metrics?brand=&from=&to=`: volume, backlog, SLA breaches, first-response times, and the figures on cases (default: the last 7 days). */
export function metricsRoutes(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/api/metrics', requireRight('metrics:read'), async (c) => {
    const brand = c.req.query('brand');
    if (!brand) throw new WecareError('bad_request', 'brand: required');
    const config = ctx.brands.byId(brand);
    if (!config) throw new WecareError('not_found', `brand: no brand "${brand}"`);
    inScope(c, brand);
    const to = isoParam('to', c.req.query('to')) ?? ctx.now();
    const from = isoParam('from', c.req.query('from')) ?? new Date(to.getTime() - DEFAULT_DAYS * DAY);
    if (from > to) throw new WecareError('bad_request', 'from: must not be after to');
    if (to.getTime() - from.getTime() > MAX_DAYS * DAY) throw new WecareError('bad_request', `from: the range may span at most ${MAX_DAYS} days`);
    const q = { brand, from: from.toISOString(), to: to.toISOString() };
    return c.json(await brandMetrics(ctx.store, q, ctx.now(), config.timezone));
  });
  return app;
}
