import { type Context, Hono } from 'hono';
import { authorTarget, coveredBrands, recordAudit } from '../../../shared/audit/record.ts';
import { WecareError } from '../../../shared/errors.ts';
import { eraseAuthor } from '../../../shared/privacy/erase.ts';
import type { ErasureScope } from '../../../shared/privacy/tombstone.ts';
import { type ApiEnv, requireRight } from '../auth.ts';
import type { ApiContext } from '../context.ts';

/** The brands a caller may erase for: their own (functions/api/auth.ts sets who is asking). */
export type CallerScope = (c: Context<ApiEnv>) => ErasureScope;
export const principalScope: CallerScope = (c) => ({ brands: c.get('principal').brands });

/**
 * GDPR: erase an author's personal data everywhere wecare keeps it, in the caller's brands, and
 * keep it erased (tombstone). Admins only (authors:erase). `?brands=a,b` narrows the erasure
 * further; it never widens the scope: a brand out of scope answers like an unknown one.
 */
export function privacyRoutes(ctx: ApiContext, callerScope: CallerScope = principalScope): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.delete('/api/authors/:platform/:id', requireRight('authors:erase'), async (c) => {
    const platform = c.req.param('platform');
    const id = c.req.param('id');
    if (!/^[a-z0-9_-]{1,40}$/.test(platform)) throw new WecareError('bad_request', 'platform: expected a platform name such as x, facebook, email');
    if (!id || id.length > 512) throw new WecareError('bad_request', 'id: expected the author id on that platform');
    const scope = narrow(ctx, callerScope(c), c.req.query('brands'));
    const report = await eraseAuthor(ctx, platform, id, scope);
    // Filed under every brand the erasure covered; the author is named by the erasure's keyed hash only.
    await recordAudit(ctx.store, {
      brand: coveredBrands(scope.brands, ctx.brands.all),
      actor: c.get('principal').actor,
      action: 'author.erase',
      target: authorTarget(platform, id),
      at: ctx.now(),
      details: { platform, ...report },
    });
    return c.json({ erased: true, brands: scope.brands, ...report });
  });
  return app;
}

function narrow(ctx: ApiContext, scope: ErasureScope, asked: string | undefined): ErasureScope {
  if (asked === undefined) return scope;
  const brands = asked.split(',').map((b) => b.trim()).filter(Boolean);
  const mine = scope.brands;
  // Out of scope answers exactly like unknown: nothing tells that the brand exists.
  const unknown = brands.find((b) => !ctx.brands.byId(b) || (mine !== 'all' && !mine.includes(b)));
  if (!brands.length || unknown) throw new WecareError('bad_request', `brands: ${unknown ?? '(empty)'} is not a brand`);
  return { brands };
}
