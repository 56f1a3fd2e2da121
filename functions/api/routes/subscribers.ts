import { type Context, Hono } from 'hono';
import { recordAudit } from '../../../shared/audit/record.ts';
import { WecareError } from '../../../shared/errors.ts';
import { endSubscriber, listSubscribers } from '../../../shared/incidents/subscriber-admin.ts';
import { endSubscription } from '../../../shared/incidents/subscriptions.ts';
import { type ApiEnv, inScope, requireRight } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { subscriptions } from './subscribe.ts';

/** Who may see and remove a brand's status subscribers: admins and incident managers, of that brand. */
export const mayManageSubscribers = requireRight('subscribers:manage');

/** `GET /api/subscribers?brand=` and `DELETE /api/subscribers/:id?brand=`. */
export function subscriberRoutes(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use('/api/subscribers', mayManageSubscribers);
  app.use('/api/subscribers/*', mayManageSubscribers);

  app.get('/api/subscribers', async (c) => {
    const brand = brandParam(ctx, c);
    return c.json({ items: await listSubscribers(ctx.store, brand) });
  });

  app.delete('/api/subscribers/:id', async (c) => {
    const brand = brandParam(ctx, c);
    const s = await endSubscriber(ctx.store, brand, c.req.param('id'));
    await endSubscription(subscriptions(ctx), s.subscriptionArn);
    await recordAudit(ctx.store, {
      brand,
      actor: c.get('principal').actor,
      action: 'subscriber.remove',
      target: { type: 'subscriber', id: s.id },
      at: ctx.now(),
      details: { type: s.type, state: s.state },
    });
    return c.json({ id: s.id, state: s.state });
  });
  return app;
}

function brandParam(ctx: ApiContext, c: Context<ApiEnv>): string {
  const id = c.req.query('brand');
  if (!id) throw new WecareError('bad_request', 'brand: required');
  if (!ctx.brands.byId(id)) throw new WecareError('not_found', `brand: unknown brand ${id}`);
  inScope(c, id, `brand: unknown brand ${id}`);
  return id;
}
