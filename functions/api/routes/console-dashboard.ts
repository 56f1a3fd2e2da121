import type { Context, Hono } from 'hono';
import { canSeeBrand, hasRight } from '../../../shared/auth/principal.ts';
import { dashboardPage } from '../../../shared/console/dashboard.tsx';
import { type DashboardRange, RANGES } from '../../../shared/console/dashboard-text.ts';
import { WecareError } from '../../../shared/errors.ts';
import { brandMetrics } from '../../../shared/metrics/query.ts';
import type { ApiContext } from '../context.ts';
import type { ConsoleEnv } from './console.ts';
import { platformLabels } from './console-inbox.ts';

/** `GET /console/dashboard?brand=&range=24h|7d|30d`: the brand's period (default the last 7 days) as `GET /api/metrics` reports it (leads and admins). */
export function dashboardRoutes(app: Hono<ConsoleEnv>, ctx: ApiContext, page: (c: Context<ConsoleEnv>, status: 200, body: string) => Promise<Response>) {
  app.get('/console/dashboard', async (c) => {
    const viewer = c.get('viewer');
    if (!hasRight(viewer.principal, 'metrics:read')) throw new WecareError('forbidden', 'forbidden: the dashboard needs the right "metrics:read"');
    const brands = ctx.brands.all.filter((b) => canSeeBrand(viewer.principal, b.id));
    const wanted = c.req.query('brand');
    const brand = wanted ? brands.find((b) => b.id === wanted) : brands[0];
    if (!brand) throw new WecareError('not_found', `brand: no brand "${(wanted ?? '').slice(0, 40)}"`);
    const range: DashboardRange = Object.hasOwn(RANGES, c.req.query('range') ?? '') ? (c.req.query('range') as DashboardRange) : '7d';
    const now = ctx.now();
    const report = await brandMetrics(ctx.store, { brand: brand.id, from: new Date(now.getTime() - RANGES[range]).toISOString(), to: now.toISOString() }, now, brand.timezone);
    return page(c, 200, dashboardPage({
      viewer,
      brand: { id: brand.id, name: brand.name, timeZone: brand.timezone },
      brands: brands.map((b) => ({ id: b.id, name: b.name })),
      range,
      report,
      labels: new Map(platformLabels().map((p) => [p.id, p.label])),
    }));
  });
}
