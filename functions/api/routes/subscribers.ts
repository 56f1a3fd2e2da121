import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { WecareError } from '../../../shared/errors.ts';
import { endSubscriber, listSubscribers } from '../../../shared/incidents/subscriber-admin.ts';
import { endSubscription } from '../../../shared/incidents/subscriptions.ts';
import type { ApiContext } from '../context.ts';
import { subscriptions } from './subscribe.ts';

/**
 * Who may see and remove a brand's status subscribers: admins and incident managers. Today the API
 * knows one identity (the ADMIN_TOKEN bearer, checked on /api/* by the app), so this lets every
 * authenticated caller through; when roles exist, this is the one place that checks them.
 */
export const mayManageSubscribers: MiddlewareHandler = async (_c, next) => {
  await next();
};

/** `GET /api/subscribers?brand=` and `DELETE /api/subscribers/:id?brand=`. */
export function subscriberRoutes(ctx: ApiContext): Hono {
  const app = new Hono();
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
    return c.json({ id: s.id, state: s.state });
  });
  return app;
}

function brandParam(ctx: ApiContext, c: Context): string {
  const id = c.req.query('brand');
  if (!id) throw new WecareError('bad_request', 'brand: required');
  if (!ctx.brands.byId(id)) throw new WecareError('not_found', `brand: unknown brand ${id}`);
  return id;
}
