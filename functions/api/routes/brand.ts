import type { Context } from 'hono';
import type { Brand } from '../../../shared/config/brand.ts';
import { WecareError } from '../../../shared/errors.ts';
import type { ApiContext } from '../context.ts';

/** The brand a public route names (`:brand`), or 404. */
export function brandOf(ctx: ApiContext, c: Context): Brand {
  const brand = ctx.brands.byId(c.req.param('brand') ?? '');
  if (!brand) throw new WecareError('not_found', `brand: no status page for ${c.req.param('brand')}`);
  return brand;
}
