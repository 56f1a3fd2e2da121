import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { renderSavedReplies } from '../../../shared/flows/saved-replies.ts';
import { describeIssues, WecareError } from '../../../shared/errors.ts';
import { getCase } from '../../../shared/store/cases.ts';
import { deleteSavedReply, listSavedReplies, MAX_SAVED_REPLIES, putSavedReply } from '../../../shared/store/saved-replies.ts';
import { type ApiEnv, inScope, principal, requireRight } from '../auth.ts';
import type { ApiContext } from '../context.ts';

const NewReply = z.object({
  brand: z.string().check(z.minLength(1, 'required')),
  lang: z.string().check(z.regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'expected a language code like "nl" or "en"')),
  title: z.string().check(z.trim(), z.minLength(1, 'required'), z.maxLength(120)),
  text: z.string().check(z.trim(), z.minLength(1, 'required'), z.maxLength(5000)),
});

/**
 * Saved replies per brand and language (leads and admins manage them, everyone who works cases
 * reads them), and the set for one case with its variables filled in.
 */
export function savedReplyRoutes(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const brandOf = (id: string) => {
    if (!ctx.brands.byId(id)) throw new WecareError('not_found', `brand: no brand "${id.slice(0, 60)}"`);
    return id;
  };

  app.get('/api/saved-replies', requireRight('cases:read'), async (c) => {
    const brand = brandOf(c.req.query('brand') ?? '');
    inScope(c, brand);
    const lang = c.req.query('lang');
    const items = (await listSavedReplies(ctx.store, brand)).filter((r) => !lang || r.lang === lang);
    return c.json({ items });
  });

  app.post('/api/saved-replies', requireRight('replies:manage'), async (c) => {
    const raw = await c.req.json().catch(() => {
      throw new WecareError('bad_request', 'body: expected JSON {"brand","lang","title","text"}');
    });
    const parsed = NewReply.safeParse(raw);
    if (!parsed.success) throw new WecareError('bad_request', describeIssues(parsed.error.issues));
    const brand = brandOf(parsed.data.brand);
    inScope(c, brand);
    if ((await listSavedReplies(ctx.store, brand)).length >= MAX_SAVED_REPLIES) throw new WecareError('conflict', `brand ${brand} has ${MAX_SAVED_REPLIES} saved replies, the most it keeps: remove one first`);
    const reply = { id: randomUUID(), ...parsed.data, brand, updatedAt: ctx.now().toISOString(), updatedBy: principal(c).actor };
    await putSavedReply(ctx.store, reply);
    return c.json(reply, 201);
  });

  app.delete('/api/saved-replies/:brand/:id', requireRight('replies:manage'), async (c) => {
    const brand = brandOf(c.req.param('brand'));
    inScope(c, brand);
    if (!(await deleteSavedReply(ctx.store, brand, c.req.param('id')))) throw new WecareError('not_found', `saved reply: no saved reply "${c.req.param('id').slice(0, 60)}"`);
    return c.body(null, 204);
  });

  app.get('/api/cases/:id/saved-replies', requireRight('cases:read'), async (c) => {
    const missing = `case: no case "${c.req.param('id').slice(0, 200)}"`;
    const found = await getCase(ctx.store, c.req.param('id'));
    if (!found) throw new WecareError('not_found', missing);
    inScope(c, found.brand, missing);
    const brand = ctx.brands.byId(found.brand);
    const items = renderSavedReplies(await listSavedReplies(ctx.store, found.brand), found, brand?.languages ?? [], `${ctx.publicUrl}/console`);
    return c.json({ items });
  });

  return app;
}
