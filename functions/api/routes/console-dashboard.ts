import type { Context, Hono } from 'hono';
import { canSeeBrand, hasRight } from '../../../shared/auth/principal.ts';
import { dashboardPage } from '../../../shared/console/dashboard.tsx';
import { WecareError } from '../../../shared/errors.ts';
import { brandMetrics } from '../../../shared/metrics/query.ts';
import type { ApiContext } from '../context.ts';
import type { ConsoleEnv } from './console.ts';
import { platformLabels } from './console-inbox.ts';

const WEEK = 7 * 86_400_000;

/** `GET /console/dashboard?brand=`: the brand's last 7 days as `GET /api/metrics` reports them (leads and admins). */
export function dashboardRoutes(app: Hono<ConsoleEnv>, ctx: ApiContext, page: (c: Context<ConsoleEnv>, status: 200, body: string) => Promise<Response>) {
  app.get('/console/dashboard', async (c) => {
    const viewer = c.get('viewer');
    if (!hasRight(viewer.principal, 'metrics:read')) throw new WecareError('forbidden', 'forbidden: the dashboard needs the right "metrics:read"');
    const brands = ctx.brands.all.filter((b) => canSeeBrand(viewer.principal, b.id));
    const wanted = c.req.query('brand');
    const brand = wanted ? brands.find((b) => b.id === wanted) : brands[0];
    if (!brand) throw new WecareError('not_found', `brand: no brand "${(wanted ?? '').slice(0, 40)}"`);
    const now = ctx.now();
    const report = await brandMetrics(ctx.store, { brand: brand.id, from: new Date(now.getTime() - WEEK).toISOString(), to: now.toISOString() }, now);
    return page(c, 200, dashboardPage({
      viewer,
      brand: { id: brand.id, name: brand.name, timeZone: brand.timezone },
      brands: brands.map((b) => ({ id: b.id, name: b.name })),
      report,
      labels: new Map(platformLabels().map((p) => [p.id, p.label])),
    }));
  });
}
