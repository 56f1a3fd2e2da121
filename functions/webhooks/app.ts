import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Brands } from '../../shared/config/load.ts';
import { WecareError } from '../../shared/errors.ts';
import { ingestEvents } from '../../shared/ingest/ingest.ts';
import { secretOf } from '../../shared/platforms/generic/inbound.ts';
import { metaVerifyChallenge, webhookPlatforms, xCrcResponse } from '../../shared/platforms/webhooks.ts';
import type { InboundWebhook, WebhookSecrets } from '../../shared/platforms/types.ts';
import type { Store } from '../../shared/store/client.ts';
import { MAX_BODY_BYTES, notFound, onError, tooLarge } from '../adapters/errors.ts';

export interface WebhookDeps {
  store: Store;
  brands: Brands;
  secrets: WebhookSecrets;
  now: () => Date;
}

/**
 * Ingest does the least that makes a webhook safe to acknowledge: verify on the raw bytes,
 * parse and normalize, one conditional write per event. Triage happens behind the stream.
 */
export function createWebhookApp(deps: WebhookDeps): Hono {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);

  app.get('/webhooks/x', (c) => {
    const secret = secretOf(deps.secrets.xConsumerSecret, 'x');
    const token = c.req.query('crc_token');
    if (!token) throw new WecareError('bad_request', 'crc_token: missing query parameter');
    return c.json(xCrcResponse(token, secret));
  });

  app.get('/webhooks/meta', (c) => c.text(metaVerifyChallenge((n) => c.req.query(n), secretOf(deps.secrets.metaVerifyToken, 'meta'))));

  app.post('/webhooks/:platform', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }), async (c) => {
    const name = c.req.param('platform');
    const platform = webhookPlatforms[name as keyof typeof webhookPlatforms];
    if (!platform) throw new WecareError('not_found', `platform: no webhook for "${name}"`);
    secretOf(platform.secret(deps.secrets), name);
    const req: InboundWebhook = {
      rawBody: await c.req.text(),
      header: (n) => c.req.header(n),
      query: (n) => c.req.query(n),
    };
    const now = deps.now();
    await platform.verify(req, deps.secrets, now);
    const events = platform.parse(req, now);
    const result = await ingestEvents(deps, events, now.toISOString());
    return c.json({ ok: true, ...result });
  });

  return app;
}

