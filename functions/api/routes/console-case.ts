import type { Context, Hono } from 'hono';
import { recordAudit } from '../../../shared/audit/record.ts';
import { canSeeBrand, hasRight, type Right } from '../../../shared/auth/principal.ts';
import type { Case, CaseEvent } from '../../../shared/case.ts';
import { type Answer, casePage, type FormState, type ReplyChannel } from '../../../shared/console/case-page.tsx';
import { CONSOLE_TEXT } from '../../../shared/console/i18n.ts';
import type { Viewer } from '../../../shared/console/layout.tsx';
import { assign, caseView, correctTriage, note, setState } from '../../../shared/cases/work.ts';
import type { Brand } from '../../../shared/config/brand.ts';
import { replyOnCase } from '../../../shared/flows/case-reply.ts';
import { renderSavedReplies } from '../../../shared/flows/saved-replies.ts';
import { WecareError, statusOf } from '../../../shared/errors.ts';
import type { Mention } from '../../../shared/mention.ts';
import { adapterOf } from '../../../shared/platforms/index.ts';
import { getCase } from '../../../shared/store/cases.ts';
import { getIntent } from '../../../shared/store/outbox.ts';
import { getFollowUp } from '../../../shared/store/follow-ups.ts';
import { authorMentions } from '../../../shared/store/mention-reads.ts';
import { listSavedReplies } from '../../../shared/store/saved-replies.ts';
import type { ApiContext } from '../context.ts';
import { CaseBodies } from './cases.ts';
import type { ConsoleEnv } from './console.ts';
import { platformLabels } from './console-inbox.ts';

type Page = (c: Context<ConsoleEnv>, status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 429 | 502 | 503, body: string) => Promise<Response>;
type Form = Record<string, string>;
type Flash = keyof (typeof CONSOLE_TEXT)['en']['flash'];

/** The channel a reply goes to now: the platform's length limit and messaging window (its adapter's rules). */
function replyChannel(last: Mention | undefined, c: Case, now: Date): ReplyChannel {
  const platform = last?.platform ?? c.customer.platform;
  const adapter = adapterOf(platform);
  const rules = adapter.rules;
  const base = { platform, label: adapter.label, maxLength: rules.maxLength };
  const w = rules.window;
  if (!w || !(last?.kind === 'dm' || rules.privateOnly)) return base;
  const since = Date.parse(c.lastCustomerAt);
  const at = (ms: number) => new Date(since + ms).toISOString();
  if (now.getTime() - since <= w.freeMs) return { ...base, window: { state: 'open', until: at(w.freeMs) } };
  if (w.after === 'template') return { ...base, window: { state: 'template' } };
  return { ...base, window: now.getTime() - since <= w.tagMs ? { state: 'tag', until: at(w.tagMs) } : { state: 'shut' } };
}

/** `GET /console/cases/:id` and the forms on it; each POST calls the API's verb and redirects back (303). */
export function caseRoutes(app: Hono<ConsoleEnv>, ctx: ApiContext, page: Page) {
  const deps = { store: ctx.store, brands: ctx.brands, now: ctx.now, reply: ctx.reply };

  /** wecare's answers on the case: the outbox intents its `replied` events name (the platform's echoes are mentions already). */
  const answersOf = async (events: CaseEvent[]): Promise<Answer[]> => {
    const named = events.filter((e) => e.type === 'replied' && typeof e.intentId === 'string' && !e.native);
    const intents = await Promise.all(named.map((e) => getIntent(ctx.store, e.intentId as string)));
    return named.flatMap((e, i) => {
      const intent = intents[i];
      return intent?.message ? [{ at: e.at, text: intent.message.text, state: intent.state, by: e.actor, platform: intent.platform, lastError: intent.lastError }] : [];
    });
  };

  /** The customer's other cases with this brand in the last year, newest first (at most 5). */
  const earlierOf = async (c: Case, now: Date): Promise<Case[]> => {
    const from = new Date(now.getTime() - 365 * 86_400_000).toISOString();
    const theirs = await authorMentions(ctx.store, c.customer.platform, c.customer.id, from, now.toISOString());
    const ids = [...new Set(theirs.map((m) => m.caseId).filter((x): x is string => !!x && x !== c.id))].slice(0, 10);
    const found = await Promise.all(ids.map((x) => getCase(ctx.store, x)));
    // The same person may write to several brands of the deployment: only this brand's cases show.
    return found.filter((k): k is Case => !!k && k.brand === c.brand).slice(0, 5);
  };

  /** The case in the viewer's scope, or 404 alike for missing and out of scope. */
  const load = async (c: Context<ConsoleEnv>, right: Right = 'cases:read'): Promise<{ id: string; found: Case; brand: Brand }> => {
    const id = c.req.param('id') ?? '';
    const found = await getCase(ctx.store, id);
    const viewer = c.get('viewer');
    if (!found || !canSeeBrand(viewer.principal, found.brand)) throw new WecareError('not_found', `case: no case "${id.slice(0, 200)}"`);
    if (!hasRight(viewer.principal, right)) throw new WecareError('forbidden', `forbidden: needs the right "${right}"`);
    const brand = ctx.brands.byId(found.brand);
    if (!brand) throw new WecareError('not_found', `case: no case "${id.slice(0, 200)}"`);
    return { id, found, brand };
  };

  const render = async (c: Context<ConsoleEnv>, status: Parameters<Page>[1], extra: { flash?: string; failed?: FormState } = {}) => {
    const { id, brand } = await load(c);
    const viewer: Viewer = c.get('viewer');
    const now = ctx.now();
    const view = (await caseView({ store: ctx.store }, id, now))!;
    const last = view.mentions.find((m) => m.id === view.lastMentionId);
    const [answers, earlier, followUp] = await Promise.all([answersOf(view.events), earlierOf(view, now), getFollowUp(ctx.store, id)]);
    const saved = renderSavedReplies(await listSavedReplies(ctx.store, brand.id), view, brand.languages, `${ctx.publicUrl.replace(/\/$/, '')}/console`);
    return page(c, status, casePage({
      viewer,
      view,
      brand: { name: brand.name, timeZone: brand.timezone, teams: brand.teams },
      channel: replyChannel(last, view, now),
      labels: new Map(platformLabels().map((p) => [p.id, p.label])),
      saved,
      answers,
      earlier,
      followUp: followUp && { state: followUp.state, dueAt: followUp.dueAt, sentAt: followUp.sentAt, reason: followUp.reason },
      now,
      ...extra,
    }));
  };

  app.get('/console/cases/:id', async (c) => {
    const done = c.req.query('done') as Flash | undefined;
    const flash = done && done in CONSOLE_TEXT.en.flash ? CONSOLE_TEXT[c.get('viewer').lang].flash[done] : undefined;
    return render(c, 200, { flash });
  });

  /**
   * One form: validate with the API's schema, call the verb, audit, redirect. A bad field or a
   * refusal re-renders the page with the error beside the form and what was typed kept.
   */
  const form = (name: FormState['form'], path: string, run: (c: Context<ConsoleEnv>, f: Form, loaded: Awaited<ReturnType<typeof load>>) => Promise<Flash>) => {
    app.post(`/console/cases/:id/${path}`, async (c) => {
      const f = c.get('form');
      try {
        const loaded = await load(c, 'cases:work');
        const flash = await run(c, f, loaded);
        return c.redirect(`/console/cases/${encodeURIComponent(loaded.id)}?done=${flash}`, 303);
      } catch (e) {
        if (!(e instanceof WecareError) || e.code === 'not_found') throw e;
        const field = e.code === 'bad_request' && /^text:/.test(e.message) ? 'text' : 'form';
        return render(c, statusOf[e.code], { failed: { form: name, values: f, errors: { [field]: e.message } } });
      }
    });
  };
  const valid = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } } }, raw: unknown): T => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    throw new WecareError('bad_request', `${issue.path.map(String).join('.') || 'form'}: ${issue.message}`);
  };
  const actor = (c: Context<ConsoleEnv>) => c.get('viewer').principal;

  /**
   * Bulk take, dismiss or (leads) assign from the inbox: each selected case through the same verb,
   * checked for scope one by one (one out of scope or refused is counted, not a reason to stop the rest).
   */
  app.post('/console/bulk', async (c) => {
    const f = c.get('form');
    const ids = c.get('ids').slice(0, 50);
    const who = actor(c);
    if (!hasRight(who, 'cases:work')) throw new WecareError('forbidden', 'forbidden: needs the right "cases:work"');
    if (f.action !== 'take' && f.action !== 'dismiss' && f.action !== 'assign') throw new WecareError('bad_request', 'action: expected take, dismiss or assign');
    const to = f.action === 'assign' ? valid(CaseBodies.assign, { assignee: f.assignee || undefined, team: f.team || undefined }) : { assignee: who.actor.id };
    if (f.action === 'assign' && !hasRight(who, 'cases:assign')) throw new WecareError('forbidden', 'forbidden: assigning others needs the right "cases:assign"');
    if (to.assignee === undefined && to.team === undefined) throw new WecareError('bad_request', 'assignee: name an assignee, a team, or both');
    let n = 0;
    for (const id of ids) {
      const found = await getCase(ctx.store, id);
      const brand = found && canSeeBrand(who, found.brand) ? ctx.brands.byId(found.brand) : undefined;
      if (!found || !brand) continue;
      try {
        if (f.action === 'dismiss') {
          await setState(deps, brand, id, 'dismissed', who);
          await recordAudit(ctx.store, { brand: brand.id, actor: who.actor, action: 'case.state', target: { type: 'case', id }, at: ctx.now(), details: { from: found.state, to: 'dismissed' } });
        } else {
          const updated = await assign(deps, brand, id, to, who);
          await recordAudit(ctx.store, { brand: brand.id, actor: who.actor, action: 'case.assign', target: { type: 'case', id }, at: ctx.now(), details: { assigned: updated.assignee !== undefined, team: updated.team } });
        }
        n++;
      } catch (e) {
        if (!(e instanceof WecareError)) throw e;
      }
    }
    return c.redirect(`/console?done=bulk&n=${n}&failed=${ids.length - n}`, 303);
  });

  form('reply', 'reply', async (c, f, { id, brand }) => {
    const template = f.template ? { name: f.template, language: f.templateLang ?? 'nl', params: [] } : undefined;
    const req = valid(CaseBodies.reply, { text: f.text ?? '', resolve: f.action === 'resolve', force: f.force === '1', template });
    const answer = await replyOnCase(deps, id, req, actor(c));
    await recordAudit(ctx.store, { brand: brand.id, actor: actor(c).actor, action: 'mention.reply', target: { type: 'case', id }, at: ctx.now(), details: { intent: answer.intent.id, state: answer.intent.state, platform: answer.intent.platform } });
    if (answer.intent.state === 'sent') return 'sent';
    if (answer.intent.state === 'failed' || answer.intent.state === 'skipped') {
      const why = answer.intent.lastError ?? answer.intent.state;
      throw new WecareError('conflict', CONSOLE_TEXT[c.get('viewer').lang].failedReply(why));
    }
    return 'queued';
  });

  form('state', 'state', async (c, f, { id, brand, found }) => {
    const req = valid(CaseBodies.state, { state: f.state, reason: f.reason || undefined });
    const updated = await setState(deps, brand, id, req.state, actor(c), req.reason);
    await recordAudit(ctx.store, { brand: brand.id, actor: actor(c).actor, action: 'case.state', target: { type: 'case', id }, at: ctx.now(), details: { from: found.state, to: updated.state } });
    return 'state';
  });

  form('assign', 'assign', async (c, f, { id, brand }) => {
    const req = valid(CaseBodies.assign, { assignee: f.assignee || undefined, team: f.team || undefined });
    if (req.assignee === undefined && req.team === undefined) throw new WecareError('bad_request', 'form: name an assignee, a team, or both');
    const updated = await assign(deps, brand, id, req, actor(c));
    await recordAudit(ctx.store, { brand: brand.id, actor: actor(c).actor, action: 'case.assign', target: { type: 'case', id }, at: ctx.now(), details: { assigned: updated.assignee !== undefined, team: updated.team } });
    return 'assigned';
  });

  form('note', 'notes', async (c, f, { id, brand }) => {
    const req = valid(CaseBodies.note, { text: f.text ?? '' });
    const created = await note(deps, id, req.text, actor(c));
    await recordAudit(ctx.store, { brand: brand.id, actor: actor(c).actor, action: 'case.note', target: { type: 'case', id }, at: ctx.now(), details: { noteId: created.id } });
    return 'note';
  });

  form('triage', 'triage', async (c, f, { id, brand }) => {
    const req = valid(CaseBodies.triage, { sentiment: f.sentiment || undefined, intent: f.intent || undefined });
    const updated = await correctTriage(deps, id, req, actor(c));
    await recordAudit(ctx.store, { brand: brand.id, actor: actor(c).actor, action: 'case.triage', target: { type: 'case', id }, at: ctx.now(), details: { sentiment: updated.sentiment.label, intent: updated.intent } });
    return 'triage';
  });
}
