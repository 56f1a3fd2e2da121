import { Hono } from 'hono';
import { WecareError } from '../../../shared/errors.ts';
import { eraseAuthor } from '../../../shared/privacy/erase.ts';
import type { ApiContext } from '../context.ts';

/** GDPR: erase an author's personal data everywhere wecare keeps it (bearer auth applies on /api/*). */
export function privacyRoutes(ctx: ApiContext): Hono {
  const app = new Hono();
  app.delete('/api/authors/:platform/:id', async (c) => {
    const platform = c.req.param('platform');
    const id = c.req.param('id');
    if (!/^[a-z0-9_-]{1,40}$/.test(platform)) throw new WecareError('bad_request', 'platform: expected a platform name such as x, facebook, email');
    if (!id || id.length > 512) throw new WecareError('bad_request', 'id: expected the author id on that platform');
    return c.json({ erased: true, ...(await eraseAuthor(ctx, platform, id)) });
  });
  return app;
}
