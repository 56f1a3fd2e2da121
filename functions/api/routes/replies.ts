import { Hono } from 'hono';
import * as z from 'zod/mini';
import { recordAudit } from '../../../shared/audit/record.ts';
import { describeIssues, WecareError } from '../../../shared/errors.ts';
import { agentReply } from '../../../shared/flows/agent-reply.ts';
import type { ReplyDeps } from '../../../shared/platforms/types.ts';
import { getMention } from '../../../shared/store/mentions.ts';
import { type ApiEnv, inScope, requireRight } from '../auth.ts';
import type { ApiContext } from '../context.ts';

const ReplyBody = z.object({
  text: z.string().check(z.trim(), z.minLength(1, 'required'), z.maxLength(10_000)),
  close: z.optional(z.boolean()),
});

/**
 * POST /api/mentions/:id/reply {text, close?}: the agent's answer, posted through the outbox.
 * 200 when the platform took it, 202 when it is queued for a retry (platform busy); 400 when the
 * platform refused it or the channel does not allow it (e.g. outside WhatsApp's 24-hour window).
 */
export function replyRoutes(ctx: ApiContext, reply: ReplyDeps = ctx.reply): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const deps = { store: ctx.store, brands: ctx.brands, now: ctx.now, reply };

  app.post('/api/mentions/:id/reply', requireRight('mentions:reply'), async (c) => {
    const body = await c.req.json().catch(() => {
      throw new WecareError('bad_request', 'body: expected JSON {"text": "...", "close"?: boolean}');
    });
    const parsed = ReplyBody.safeParse(body);
    if (!parsed.success) throw new WecareError('bad_request', describeIssues(parsed.error.issues));
    // A mention of a brand out of the caller's scope answers like a missing one.
    const id = c.req.param('id');
    const mention = await getMention(ctx.store, id);
    if (!mention) throw new WecareError('not_found', `mention ${id} not found`);
    inScope(c, mention.brand, `mention ${id} not found`);
    const answer = await agentReply(deps, id, parsed.data, c.get('principal').actor);
    await recordAudit(ctx.store, {
      brand: mention.brand,
      actor: c.get('principal').actor,
      action: 'mention.reply',
      target: { type: 'mention', id },
      at: ctx.now(),
      details: { intent: answer.intent.id, state: answer.intent.state, platform: answer.intent.platform, status: answer.mention.status },
    });
    return c.json(answer, answer.intent.state === 'sent' ? 200 : 202);
  });

  return app;
}
