import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_BODY_BYTES, notFound, onError, tooLarge } from '../adapters/errors.ts';
import { authenticate } from './auth.ts';
import { auditRoutes } from './routes/audit.ts';
import { caseRoutes } from './routes/cases.ts';
import { savedReplyRoutes } from './routes/saved-replies.ts';
import { consoleRoutes } from './routes/console.ts';
import type { ApiContext } from './context.ts';
import { incidentDraftRoutes } from './routes/incident-drafts.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { mentionRoutes } from './routes/mentions.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { privacyRoutes } from './routes/privacy.ts';
import { replyRoutes } from './routes/replies.ts';
import { statusRoutes } from './routes/status.ts';
import { subscriberRoutes } from './routes/subscribers.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { originVerify } from './client-address.ts';

/** The API for people and integrations (functions/api/auth.ts) and the public status pages, one Hono app; routers validate, call a verb, throw. */
export function createApiApp(ctx: ApiContext): Hono {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }));
  // The console's sign-in and session (OIDC code flow); its cookie is the last authenticator of /api/*.
  const consoleSide = consoleRoutes(ctx);
  // Every /api/* request: who is asking (401 otherwise); each route then checks its right and the brand.
  app.use('/api/*', authenticate({ ...ctx, sessionPrincipal: ctx.sessionPrincipal ?? consoleSide.sessionPrincipal }));
  // Behind CloudFront the public pages are reachable only through it (its secret origin header).
  if (ctx.originSecret) app.use('/status/*', originVerify(ctx.originSecret));
  app.route('/', mentionRoutes(ctx));
  app.route('/', replyRoutes(ctx));
  app.route('/', caseRoutes(ctx));
  app.route('/', savedReplyRoutes(ctx));
  app.route('/', metricsRoutes(ctx));
  app.route('/', privacyRoutes(ctx));
  app.route('/', incidentDraftRoutes(ctx));
  app.route('/', incidentRoutes(ctx));
  app.route('/', subscriberRoutes(ctx));
  app.route('/', tokenRoutes(ctx));
  app.route('/', auditRoutes(ctx));
  app.route('/', statusRoutes(ctx));
  app.route('/', consoleSide.routes);
  return app;
}
