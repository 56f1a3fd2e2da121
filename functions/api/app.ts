import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_BODY_BYTES, notFound, onError, tooLarge } from '../shared/errors.ts';
import { bearerAuth } from './auth.ts';
import type { ApiContext } from './context.ts';
import { mentionRoutes } from './routes/mentions.ts';

/** Admin API (bearer) and the public status pages, one Hono app; routers validate, call a verb, throw. */
export function createApiApp(ctx: ApiContext): Hono {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }));
  app.use('/api/*', bearerAuth(ctx.adminToken));
  app.route('/', mentionRoutes(ctx));
  return app;
}
