import type { Principal } from '../auth/principal.ts';
import { hasRight } from '../auth/principal.ts';
import type { Brand } from '../config/brand.ts';
import { badRequest, WecareError } from '../errors.ts';
import type { Intent, Mention, Sentiment } from '../mention.ts';
import type { Store } from '../store/client.ts';
import { cancelFollowUp } from '../store/follow-ups.ts';
import { conversationMentions } from '../store/mention-reads.ts';
import { getMention } from '../store/mentions.ts';
import { addNote, caseRecords } from '../store/cases.ts';
import { saveLabel } from '../store/triage-labels.ts';
import { type Case, type CaseEvent, type CaseNote, type CaseState, isBreached, isOpen } from '../case.ts';
import { caseEvent, moveCase } from './lifecycle.ts';
import { changeCase } from './mutate.ts';

/**
 * What people do with a case (the routes of /api/cases call these): read it whole, move it,
 * assign it, note, correct triage, take the soft lock. (The reply is a flow: flows/case-reply.ts.) Every change is versioned
 * (mutate.ts) and leaves an event with its actor.
 */
export const LOCK_MS = 2 * 60_000;

/** What these verbs need: the store and a clock. */
export interface CaseDeps {
  store: Store;
  now: () => Date;
}

export interface CaseView extends Case {
  mentions: Mention[];
  notes: CaseNote[];
  events: CaseEvent[];
}

/** The API's view of a case: `sla.breached` as of now. */
export const present = (c: Case, now: Date): Case => ({ ...c, sla: { ...c.sla, breached: isBreached(c, now) } });

export async function caseView(deps: Pick<CaseDeps, 'store'>, id: string, now: Date): Promise<CaseView | undefined> {
  const records = await caseRecords(deps.store, id);
  if (!records) return undefined;
  const c = records.case;
  const threads = await Promise.all(c.conversations.map((conv) => conversationMentions(deps.store, conv)));
  // The customer's messages of this case and the brand's in the same threads while it was open.
  const all = threads.flat();
  const own = all.filter((m) => m.caseId === id);
  const since = own.reduce((at, m) => (m.createdAt < at ? m.createdAt : at), c.lastCustomerAt);
  const until = c.resolvedAt && !isOpen(c.state) ? c.resolvedAt : '\uffff';
  const brandSide = all.filter((m) => (m.fromBrand || m.status === 'brand') && m.createdAt >= since && m.createdAt <= until);
  const mentions = [...own, ...brandSide].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const created: CaseEvent = { id: 'created', type: 'created', at: c.createdAt, actor: { type: 'system', id: 'triage' }, mentionId: c.firstMentionId };
  const events = [created, ...records.events].sort((a, b) => a.at.localeCompare(b.at));
  return { ...present(c, now), mentions, notes: records.notes, events };
}

export function setState(deps: CaseDeps, brand: Brand, id: string, to: CaseState, who: Principal, reason?: string): Promise<Case> {
  const now = deps.now();
  return changeCase(deps.store, id, (c) => moveCase(brand, c, to, who.actor, now, reason)).then(async (c) => {
    // No answer is needed any more: the "is it solved?" follow-up would be out of place.
    if (to === 'dismissed' || to === 'spam') await cancelFollowUp(deps.store, id, `case marked ${to}`);
    return c;
  });
}

/**
 * Assign a case to a person and/or a team. A lead assigns anyone; an agent may take a case
 * (assign it to themselves) and nothing else.
 */
export function assign(deps: CaseDeps, brand: Brand, id: string, req: { assignee?: string | null; team?: string }, who: Principal): Promise<Case> {
  if (req.team !== undefined && !brand.teams.includes(req.team)) throw badRequest(`team: "${req.team}" is not a team of ${brand.id} (${brand.teams.join(', ')})`);
  const lead = hasRight(who, 'cases:assign');
  if (!lead && (req.team !== undefined || (req.assignee !== undefined && req.assignee !== who.actor.id))) {
    throw new WecareError('forbidden', 'forbidden: an agent can only take a case (assignee: yourself); assigning others needs the right "cases:assign"');
  }
  const now = deps.now();
  return changeCase(deps.store, id, (c) => {
    const assignee = req.assignee === null ? undefined : (req.assignee ?? c.assignee);
    const team = req.team ?? c.team;
    if (assignee === c.assignee && team === c.team) return undefined;
    const next: Case = { ...c, assignee, team, updatedAt: now.toISOString() };
    // Someone took it: a new case is now being worked.
    if (c.state === 'new' && assignee) next.state = 'open';
    return { next, events: [caseEvent('assigned', now, who.actor, { assignee: assignee ?? null, team, ...(next.state !== c.state ? { from: c.state, to: next.state } : {}) })] };
  });
}

export async function note(deps: CaseDeps, id: string, text: string, who: Principal): Promise<CaseNote> {
  const now = deps.now();
  const n: CaseNote = { id: crypto.randomUUID(), text, at: now.toISOString(), actor: who.actor };
  await addNote(deps.store, id, n, caseEvent('note', now, who.actor, { noteId: n.id }));
  return n;
}

const SCORES = { positive: 0.8, neutral: 0, negative: -0.8 } as const;

/**
 * A person corrects triage: the case takes the labels, and the last customer message is kept with
 * them as a labelled example for a later learned model (per brand; erased with its author).
 */
export async function correctTriage(deps: CaseDeps, id: string, req: { sentiment?: Sentiment['label']; intent?: Intent }, who: Principal): Promise<Case> {
  const now = deps.now();
  const updated = await changeCase(deps.store, id, (c) => {
    const sentiment = req.sentiment ? { label: req.sentiment, score: SCORES[req.sentiment], confidence: 1 } : c.sentiment;
    const intent = req.intent ?? c.intent;
    return {
      next: { ...c, sentiment, intent, updatedAt: now.toISOString() },
      events: [caseEvent('triage', now, who.actor, { from: { sentiment: c.sentiment.label, intent: c.intent }, to: { sentiment: sentiment.label, intent } })],
    };
  });
  const m = await getMention(deps.store, updated.lastMentionId);
  if (m && !m.erasedAt) {
    await saveLabel(deps.store, { brand: updated.brand, mentionId: m.id, text: m.text, lang: m.lang, platform: m.platform, predicted: { sentiment: m.sentiment?.label, intent: m.intent }, label: { sentiment: updated.sentiment.label, intent: updated.intent }, actor: who.actor, at: now.toISOString() });
  }
  return updated;
}

/** The soft lock: "I am answering this one". Held by someone else and not expired → 409 naming them. */
export function takeLock(deps: CaseDeps, id: string, who: Principal, force = false): Promise<Case> {
  const now = deps.now();
  return changeCase(deps.store, id, (c) => {
    if (c.lock && c.lock.by !== who.actor.id && c.lock.until > now.toISOString() && !force) {
      throw new WecareError('conflict', `case ${id} is being answered by ${c.lock.by} until ${c.lock.until}`);
    }
    return { next: { ...c, lock: { by: who.actor.id, until: new Date(now.getTime() + LOCK_MS).toISOString() } }, events: [] };
  });
}
