import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { issueToken, tokenWithin } from '../../../shared/auth/api-tokens.ts';
import { Role } from '../../../shared/auth/principal.ts';
import { coveredBrands, recordAudit } from '../../../shared/audit/record.ts';
import { describeIssues, WecareError } from '../../../shared/errors.ts';
import * as tokens from '../../../shared/store/api-tokens.ts';
import type { ApiToken } from '../../../shared/store/api-tokens.ts';
import { type ApiEnv, inScope, requireRight } from '../auth.ts';
import type { ApiContext } from '../context.ts';

const NewToken = z.object({
  name: z.string().check(z.trim(), z.minLength(1, 'required'), z.maxLength(100)),
  role: Role,
  /** Brand ids, or "*" for every brand; default: the creator's own brands. */
  brands: z.optional(z.union([z.array(z.string()).check(z.minLength(1, 'name at least one brand, or "*"'), z.maxLength(100)), z.literal('*')])),
});

const shown = ({ id, name, role, brands, createdAt, createdBy, lastUsedAt, revokedAt }: ApiToken) => ({
  id, name, role, brands: brands === 'all' ? '*' : brands, createdAt, createdBy, lastUsedAt, revokedAt,
});

/**
 * API tokens for integrations (admins): `POST /api/tokens {"name","role","brands"?}` → 201
 * `{"id","token"}`, the token shown this once; `GET /api/tokens` lists them without secrets;
 * `DELETE /api/tokens/:id` revokes at once. A token covers only brands its creator sees.
 */
export function tokenRoutes(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post('/api/tokens', requireRight('tokens:manage'), async (c) => {
    const parsed = NewToken.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) throw new WecareError('bad_request', describeIssues(parsed.error.issues));
    const by = c.get('principal');
    const asked = parsed.data.brands ?? (by.brands === 'all' ? '*' : by.brands);
    if (asked === '*' && by.brands !== 'all') throw new WecareError('forbidden', 'brands: "*" is wider than your own brands');
    const brands = asked === '*' ? 'all' : [...new Set(asked)];
    if (brands !== 'all') for (const b of brands) knownInScope(ctx, c, b);
    const { record, token } = await issueToken(ctx.store, by, { name: parsed.data.name, role: parsed.data.role, brands }, ctx.now());
    await recordAudit(ctx.store, {
      brand: coveredBrands(record.brands, ctx.brands.all),
      actor: by.actor,
      action: 'token.create',
      target: { type: 'token', id: record.id },
      at: record.createdAt,
      details: { role: record.role },
    });
    return c.json({ id: record.id, token, name: record.name, role: record.role, brands: shown(record).brands }, 201);
  });

  app.get('/api/tokens', requireRight('tokens:manage'), async (c) => {
    const by = c.get('principal');
    return c.json({ items: (await tokens.list(ctx.store)).filter((t) => tokenWithin(by, t)).map(shown) });
  });

  app.delete('/api/tokens/:id', requireRight('tokens:manage'), async (c) => {
    const id = c.req.param('id');
    const missing = () => new WecareError('not_found', `token: no token "${id}"`);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw missing();
    const found = await tokens.get(ctx.store, id);
    // A token covering a brand the caller cannot see answers like a missing one.
    if (!found || !tokenWithin(c.get('principal'), found.token)) throw missing();
    const revoked = await tokens.revoke(ctx.store, id, ctx.now().toISOString());
    if (!revoked) throw missing();
    await recordAudit(ctx.store, {
      brand: coveredBrands(revoked.brands, ctx.brands.all),
      actor: c.get('principal').actor,
      action: 'token.revoke',
      target: { type: 'token', id },
      at: ctx.now(),
      details: { role: revoked.role },
    });
    return c.json(shown(revoked));
  });

  return app;
}

function knownInScope(ctx: ApiContext, c: Context<ApiEnv>, brand: string) {
  if (!ctx.brands.byId(brand)) throw new WecareError('not_found', `brand: no brand "${brand}"`);
  inScope(c, brand);
}
