import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_BODY_BYTES, notFound, onError, tooLarge } from '../adapters/errors.ts';
import { bearerAuth } from './auth.ts';
import type { ApiContext } from './context.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { mentionRoutes } from './routes/mentions.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { privacyRoutes } from './routes/privacy.ts';
import { replyRoutes } from './routes/replies.ts';
import { statusRoutes } from './routes/status.ts';
import { subscriberRoutes } from './routes/subscribers.ts';
import { originVerify } from './client-address.ts';

/** Admin API (bearer) and the public status pages, one Hono app; routers validate, call a verb, throw. */
export function createApiApp(ctx: ApiContext): Hono {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }));
  app.use('/api/*', bearerAuth(ctx.adminToken));
  // Behind CloudFront the public pages are reachable only through it (its secret origin header).
  if (ctx.originSecret) app.use('/status/*', originVerify(ctx.originSecret));
  app.route('/', mentionRoutes(ctx));
  app.route('/', replyRoutes(ctx));
  app.route('/', metricsRoutes(ctx));
  app.route('/', privacyRoutes(ctx));
  app.route('/', incidentRoutes(ctx));
  app.route('/', subscriberRoutes(ctx));
  app.route('/', statusRoutes(ctx));
  return app;
}
