import { Hono } from 'hono';
import * as z from 'zod/mini';
import { readAudit } from '../../../shared/audit/read.ts';
import { describeIssues, WecareError } from '../../../shared/errors.ts';
import { type ApiEnv, inScope, requireRight } from '../auth.ts';
import type { ApiContext } from '../context.ts';

/** An instant or a day: `2026-03-01` or `2026-03-01T12:00:00Z` (offsets allowed). */
const Instant = z.pipe(
  z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/, 'expected an ISO 8601 date or instant')),
  z.transform((s, ctx) => {
    const d = new Date(s);
    if (Number.isNaN(d.getTime())) ctx.issues.push({ code: 'custom', input: s, message: 'expected an ISO 8601 date or instant' });
    return d;
  }),
);

const AuditQuery = z.object({
  brand: z.string().check(z.minLength(1, 'required')),
  from: z.optional(Instant),
  to: z.optional(Instant),
  cursor: z.optional(z.string().check(z.maxLength(512))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
});

/** `GET /api/audit?brand=&from=&to=&cursor=&limit=`: a brand's audit trail, newest first (leads and admins). */
export function auditRoutes(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/api/audit', requireRight('audit:read'), async (c) => {
    const parsed = AuditQuery.safeParse(c.req.query());
    if (!parsed.success) throw new WecareError('bad_request', describeIssues(parsed.error.issues));
    const { brand, ...req } = parsed.data;
    inScope(c, brand);
    if (!ctx.brands.byId(brand)) throw new WecareError('not_found', `brand: no brand "${brand}"`);
    return c.json(await readAudit(ctx.store, brand, req, ctx.now()));
  });
  return app;
}
