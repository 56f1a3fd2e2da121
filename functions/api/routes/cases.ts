import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { recordAudit } from '../../../shared/audit/record.ts';
import { CASE_STATES } from '../../../shared/case.ts';
import { assign, caseView, correctTriage, note, present, setState, takeLock } from '../../../shared/cases/work.ts';
import { replyOnCase } from '../../../shared/flows/case-reply.ts';
import { describeIssues, WecareError } from '../../../shared/errors.ts';
import { listCases } from '../../../shared/store/case-queue.ts';
import { getCase } from '../../../shared/store/cases.ts';
import { type ApiEnv, inScope, principal, requireRight } from '../auth.ts';
import type { ApiContext } from '../context.ts';

const State = z.enum(CASE_STATES);
const ListQuery = z.object({
  brand: z.string().check(z.minLength(1, 'required')),
  state: z.optional(z.string().check(z.maxLength(80))),
  assignee: z.optional(z.string().check(z.maxLength(200))),
  team: z.optional(z.string().check(z.maxLength(80))),
  platform: z.optional(z.string().check(z.maxLength(40))),
  intent: z.optional(z.string().check(z.maxLength(40))),
  sentiment: z.optional(z.string().check(z.maxLength(40))),
  lang: z.optional(z.string().check(z.maxLength(10))),
  breached: z.optional(z.literal('true')),
  q: z.optional(z.string().check(z.trim(), z.minLength(1, 'empty search'), z.maxLength(200))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(600))),
});
const Text = z.string().check(z.trim(), z.minLength(1, 'required'), z.maxLength(10_000));
/** The bodies of the case verbs: the console's forms are validated with the same schemas. */
export const CaseBodies = {
  reply: z.object({
    text: Text,
    mentionId: z.optional(z.string().check(z.maxLength(200))),
    resolve: z.optional(z.boolean()),
    force: z.optional(z.boolean()),
    /** WhatsApp after its 24-hour window: an approved template (name, language, parameters). */
    template: z.optional(z.object({ name: z.string().check(z.regex(/^[a-z0-9_]{1,512}$/, 'expected a template name (lowercase, digits, _)')), language: z.string().check(z.regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'expected a language like "nl" or "en_US"')), params: z._default(z.array(z.string().check(z.maxLength(1024))).check(z.maxLength(20)), []) })),
  }),
  state: z.object({ state: State, reason: z.optional(z.string().check(z.maxLength(500))) }),
  assign: z.object({ assignee: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(200)))), team: z.optional(z.string().check(z.minLength(1), z.maxLength(80))) }),
  note: z.object({ text: Text }),
  triage: z.object({ sentiment: z.optional(z.enum(['positive', 'neutral', 'negative'])), intent: z.optional(z.enum(['question', 'complaint', 'compliment', 'other'])) }),
  lock: z.object({ force: z.optional(z.boolean()) }),
};

async function body<T>(c: Context<ApiEnv>, schema: z.ZodMiniType<T>, shape: string): Promise<T> {
  const raw = await c.req.json().catch(() => {
    throw new WecareError('bad_request', `body: expected JSON ${shape}`);
  });
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new WecareError('bad_request', describeIssues(parsed.error.issues));
  return parsed.data;
}

/** The cases of DESIGN.md, "People": list, read, reply, state, assign, notes, triage correction, and the soft lock. */
export function caseRoutes(ctx: ApiContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const deps = { store: ctx.store, brands: ctx.brands, now: ctx.now, reply: ctx.reply };

  /** The case and its brand, or 404 alike for a missing case and one out of the caller's scope. */
  const load = async (c: Context<ApiEnv>) => {
    const id = c.req.param('id') ?? '';
    const missing = `case: no case "${id.slice(0, 200)}"`;
    const found = await getCase(ctx.store, id);
    if (!found) throw new WecareError('not_found', missing);
    inScope(c, found.brand, missing);
    const brand = ctx.brands.byId(found.brand);
    if (!brand) throw new WecareError('conflict', `case ${id} belongs to no configured brand (${found.brand})`);
    return { id, found, brand };
  };
  const audit = (c: Context<ApiEnv>, brand: string, id: string, action: 'case.state' | 'case.assign' | 'case.note' | 'case.triage', details: Record<string, string | number | boolean | null>) =>
    recordAudit(ctx.store, { brand, actor: principal(c).actor, action, target: { type: 'case', id }, at: ctx.now(), details });

  app.get('/api/cases', requireRight('cases:read'), async (c) => {
    const parsed = ListQuery.safeParse(c.req.query());
    if (!parsed.success) throw new WecareError('bad_request', describeIssues(parsed.error.issues));
    const q = parsed.data;
    if (!ctx.brands.byId(q.brand) && q.brand !== 'unknown') throw new WecareError('not_found', `brand: no brand "${q.brand}"`);
    inScope(c, q.brand);
    const states = q.state ? q.state.split(',').map((s) => s.trim()) : [...CASE_STATES];
    const wrong = states.find((s) => !State.safeParse(s).success);
    if (wrong !== undefined) throw new WecareError('bad_request', `state: "${wrong.slice(0, 40)}" is not a case state (${CASE_STATES.join(', ')})`);
    const now = ctx.now();
    const { breached, q: text, ...rest } = q;
    const page = await listCases(ctx.store, { ...rest, states: states as typeof CASE_STATES[number][], text, breachedAt: breached === 'true' ? now : undefined });
    return c.json({ items: page.items.map((k) => present(k, now)), ...(page.cursor ? { cursor: page.cursor } : {}) });
  });

  app.get('/api/cases/:id', requireRight('cases:read'), async (c) => {
    const { id } = await load(c);
    return c.json(await caseView(deps, id, ctx.now()));
  });

  app.post('/api/cases/:id/reply', requireRight('cases:work'), async (c) => {
    const req = await body(c, CaseBodies.reply, '{"text": "...", "mentionId"?, "resolve"?: boolean}');
    const { id, brand } = await load(c);
    const answer = await replyOnCase(deps, id, req, principal(c));
    await recordAudit(ctx.store, { brand: brand.id, actor: principal(c).actor, action: 'mention.reply', target: { type: 'case', id }, at: ctx.now(), details: { intent: answer.intent.id, state: answer.intent.state, platform: answer.intent.platform } });
    return c.json(answer, answer.intent.state === 'sent' ? 200 : 202);
  });

  app.post('/api/cases/:id/state', requireRight('cases:work'), async (c) => {
    const req = await body(c, CaseBodies.state, '{"state": "resolved", "reason"?: "..."}');
    const { id, brand, found } = await load(c);
    const updated = await setState(deps, brand, id, req.state, principal(c), req.reason);
    await audit(c, brand.id, id, 'case.state', { from: found.state, to: updated.state });
    return c.json(present(updated, ctx.now()));
  });

  app.post('/api/cases/:id/assign', requireRight('cases:work'), async (c) => {
    const req = await body(c, CaseBodies.assign, '{"assignee"?: "<user>" | null, "team"?: "<team>"}');
    if (req.assignee === undefined && req.team === undefined) throw new WecareError('bad_request', 'body: name an assignee, a team, or both');
    const { id, brand } = await load(c);
    const updated = await assign(deps, brand, id, req, principal(c));
    await audit(c, brand.id, id, 'case.assign', { assigned: updated.assignee !== undefined, team: updated.team });
    return c.json(present(updated, ctx.now()));
  });

  app.post('/api/cases/:id/notes', requireRight('cases:work'), async (c) => {
    const req = await body(c, CaseBodies.note, '{"text": "..."}');
    const { id, brand } = await load(c);
    const created = await note(deps, id, req.text, principal(c));
    await audit(c, brand.id, id, 'case.note', { noteId: created.id });
    return c.json(created, 201);
  });

  app.post('/api/cases/:id/triage', requireRight('cases:work'), async (c) => {
    const req = await body(c, CaseBodies.triage, '{"sentiment"?: "negative", "intent"?: "complaint"}');
    if (!req.sentiment && !req.intent) throw new WecareError('bad_request', 'body: name a sentiment, an intent, or both');
    const { id, brand } = await load(c);
    const updated = await correctTriage(deps, id, req, principal(c));
    await audit(c, brand.id, id, 'case.triage', { sentiment: updated.sentiment.label, intent: updated.intent });
    return c.json(present(updated, ctx.now()));
  });

  app.post('/api/cases/:id/lock', requireRight('cases:work'), async (c) => {
    const req = await body(c, CaseBodies.lock, '{"force"?: boolean}');
    const { id } = await load(c);
    const updated = await takeLock(deps, id, principal(c), req.force);
    return c.json({ id, lock: updated.lock, version: updated.version });
  });

  return app;
}
