import { Hono } from 'hono';
import * as z from 'zod/mini';
import { describeIssues, WecareError } from '../../../shared/errors.ts';
import { listMentions } from '../../../shared/store/mention-reads.ts';
import { getMention } from '../../../shared/store/mentions.ts';
import { type ApiEnv, inScope, requireRight } from '../auth.ts';
import type { ApiContext } from '../context.ts';

const ListQuery = z.object({
  brand: z.string().check(z.minLength(1, 'required')),
  platform: z.optional(z.string()),
  intent: z.optional(z.enum(['question', 'complaint', 'compliment', 'other'])),
  sentiment: z.optional(z.enum(['positive', 'neutral', 'negative'])),
  status: z.optional(z.enum(['new', 'open', 'answered', 'closed', 'brand'])),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string()),
});

/** The webcare queue for agents: list a brand's mentions newest first with filters, or fetch one (right mentions:read, the caller's brands). */
export function mentionRoutes(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get('/api/mentions', requireRight('mentions:read'), async (c) => {
    const parsed = ListQuery.safeParse(c.req.query());
    if (!parsed.success) throw new WecareError('bad_request', describeIssues(parsed.error.issues));
    if (!ctx.brands.byId(parsed.data.brand) && parsed.data.brand !== 'unknown') {
      throw new WecareError('not_found', `brand: no brand "${parsed.data.brand}"`);
    }
    // Mentions no brand claimed (`unknown`) are every brand's concern: only a caller of all brands sees them.
    inScope(c, parsed.data.brand);
    return c.json(await listMentions(ctx.store, parsed.data));
  });

  app.get('/api/mentions/:id', requireRight('mentions:read'), async (c) => {
    const mention = await getMention(ctx.store, c.req.param('id'));
    const missing = `mention: no mention "${c.req.param('id')}"`;
    if (!mention) throw new WecareError('not_found', missing);
    inScope(c, mention.brand, missing);
    return c.json(mention);
  });

  return app;
}
