import { type Context, Hono } from 'hono';
import { WecareError } from '../../../shared/errors.ts';
import { eraseAuthor } from '../../../shared/privacy/erase.ts';
import type { ErasureScope } from '../../../shared/privacy/tombstone.ts';
import type { ApiContext } from '../context.ts';

/**
 * The brands a caller may erase for. Today only ADMIN_TOKEN reaches /api/* (bearer auth), and it
 * covers every brand; a sign-in with narrower roles passes its own.
 */
export type CallerScope = (c: Context) => ErasureScope;
export const adminScope: CallerScope = () => ({ brands: 'all' });

/**
 * GDPR: erase an author's personal data everywhere wecare keeps it, in the caller's brands, and
 * keep it erased (tombstone). `?brands=a,b` narrows the erasure further; it never widens the scope.
 */
export function privacyRoutes(ctx: ApiContext, callerScope: CallerScope = adminScope): Hono {
  const app = new Hono();
  app.delete('/api/authors/:platform/:id', async (c) => {
    const platform = c.req.param('platform');
    const id = c.req.param('id');
    if (!/^[a-z0-9_-]{1,40}$/.test(platform)) throw new WecareError('bad_request', 'platform: expected a platform name such as x, facebook, email');
    if (!id || id.length > 512) throw new WecareError('bad_request', 'id: expected the author id on that platform');
    const scope = narrow(ctx, callerScope(c), c.req.query('brands'));
    return c.json({ erased: true, brands: scope.brands, ...(await eraseAuthor(ctx, platform, id, scope)) });
  });
  return app;
}

function narrow(ctx: ApiContext, scope: ErasureScope, asked: string | undefined): ErasureScope {
  if (asked === undefined) return scope;
  const brands = asked.split(',').map((b) => b.trim()).filter(Boolean);
  const unknown = brands.find((b) => !ctx.brands.byId(b));
  if (!brands.length || unknown) throw new WecareError('bad_request', `brands: ${unknown ?? '(empty)'} is not a brand`);
  const outside = scope.brands === 'all' ? undefined : brands.find((b) => !(scope.brands as string[]).includes(b));
  if (outside) throw new WecareError('forbidden', `brands: ${outside} is outside your scope`);
  return { brands };
}
