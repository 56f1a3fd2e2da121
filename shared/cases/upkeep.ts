import { randomUUID } from 'node:crypto';
import type { Brand } from '../config/brand.ts';
import type { Intent, Mention, Sentiment } from '../mention.ts';
import { WecareError } from '../errors.ts';
import type { Store } from '../store/client.ts';
import { getCase, saveCase } from '../store/cases.ts';
import { caseIdOf } from './ids.ts';
import { type Actor, type Case, type CaseEvent, preview } from '../case.ts';
import { applyRules, type RuleOutcome } from './rules.ts';
import { nextResponseDue, openingSla, resumeSla } from './sla.ts';

/** A customer message as triage hands it to its case: the mention with its labels. */
export type TriagedMessage = Pick<Mention, 'id' | 'brand' | 'platform' | 'text' | 'createdAt' | 'conversationId' | 'author' | 'lang'> & {
  sentiment: Sentiment;
  intent: Intent;
  priority: number;
  team: string;
  incidentId?: string;
};

export type Upkeep = { caseId: string; outcome: 'created' | 'joined' | 'reopened' | 'new-after-window' | 'redelivered' };

const TRIAGE: Actor = { type: 'system', id: 'triage' };
const ruleActor = (id: string): Actor => ({ type: 'system', id: `rule:${id}` });
const DAY = 86_400_000;

/**
 * The case a triaged customer message belongs to, kept up to date: a new case, or the linked one
 * joined (reopened when pending, or resolved or dismissed within the reopen window; a new case
 * after it). One read and one conditional write (versioned: a concurrent writer makes it read
 * again); a new case is one write. A message already applied (its `lastSeq`) changes nothing.
 */
export async function keepCase(store: Store, brand: Brand, m: TriagedMessage, linkedCaseId: string, now: Date): Promise<Upkeep> {
  const ownId = caseIdOf(m.id);
  const seq = `${m.createdAt}#${m.id}`;
  let target = linkedCaseId;
  for (let attempt = 0; attempt < 10; attempt++) {
    // A message that starts its own case skips the read: the hot path is one write.
    const c = target === ownId && attempt === 0 ? undefined : await getCase(store, target);
    if (!c) {
      const { next, events } = newCase(brand, target, m, now);
      if (await saveCase(store, next, events)) return { caseId: target, outcome: target === linkedCaseId ? 'created' : 'new-after-window' };
      // It exists after all (a redelivery, or the customer's other message first): read it and join.
      continue;
    }
    if (c.lastSeq >= seq) return { caseId: c.id, outcome: 'redelivered' };
    if ((c.state === 'resolved' || c.state === 'dismissed') && now.getTime() - Date.parse(c.resolvedAt ?? c.updatedAt) > brand.cases.reopenDays * DAY) {
      target = ownId;
      continue;
    }
    const { next, events } = joinCase(brand, c, m, now);
    if (await saveCase(store, next, events)) return { caseId: c.id, outcome: events.some((e) => e.type === 'reopened') ? 'reopened' : 'joined' };
    // Someone else wrote first: a short random wait spreads a burst on one case.
    await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
  }
  // Never a mention pointing at a case that was not written: the stream retries the record.
  throw new WecareError('unavailable', `case ${target} is changing too fast, triage retries`);
}

const event = (type: string, at: Date, actor: Actor, details: Record<string, unknown> = {}): CaseEvent => ({ id: randomUUID(), type, at: at.toISOString(), actor, ...details });

function ruleEvents(rules: RuleOutcome, at: Date): CaseEvent[] {
  return rules.fired.map((r) => event('rule', at, ruleActor(r.id), { rule: r.id, actions: { tag: r.tag, team: r.team, priority: r.priority, state: r.state } }));
}

export function newCase(brand: Brand, id: string, m: TriagedMessage, now: Date): { next: Case; events: CaseEvent[] } {
  const rules = applyRules(brand.cases.rules, m);
  const priority = rules.priority ?? m.priority;
  const state = rules.state ?? 'new';
  const at = now.toISOString();
  const next: Case = {
    id,
    brand: m.brand,
    state,
    version: 1,
    team: rules.team ?? m.team,
    priority,
    intent: m.intent,
    sentiment: m.sentiment,
    lang: m.lang,
    platforms: [m.platform],
    customer: { platform: m.platform, id: m.author.id, handle: m.author.handle, name: m.author.name },
    conversations: [m.conversationId],
    sla: openingSla(brand, m.platform, priority, new Date(m.createdAt)),
    firstMentionId: m.id,
    lastMentionId: m.id,
    lastCustomerAt: m.createdAt,
    lastSeq: `${m.createdAt}#${m.id}`,
    preview: preview(m.text),
    // An incident the message is about holds the clocks until it is resolved.
    ...(m.incidentId ? { incidentId: m.incidentId, pausedAt: at } : {}),
    ...(state !== 'new' ? { resolvedAt: at } : {}),
    tags: rules.tags,
    reopened: 0,
    createdAt: at,
    updatedAt: at,
  };
  return { next, events: ruleEvents(rules, now) };
}

export function joinCase(brand: Brand, c: Case, m: TriagedMessage, now: Date): { next: Case; events: CaseEvent[] } {
  const rules = applyRules(brand.cases.rules, m);
  const events = ruleEvents({ ...rules, state: undefined, fired: rules.fired.filter((r) => r.tag || r.team || r.priority !== undefined) }, now);
  const at = now.toISOString();
  const later = m.createdAt >= c.lastCustomerAt;
  let next: Case = {
    ...c,
    version: c.version + 1,
    priority: Math.max(c.priority, rules.priority ?? m.priority),
    team: rules.team ?? c.team,
    // A complaint stays a complaint when the customer adds a thank-you; otherwise the latest words tell.
    intent: c.intent === 'complaint' ? 'complaint' : m.intent,
    sentiment: later ? m.sentiment : c.sentiment,
    lang: later ? (m.lang ?? c.lang) : c.lang,
    platforms: c.platforms.includes(m.platform) ? c.platforms : [...c.platforms, m.platform],
    conversations: c.conversations.includes(m.conversationId) ? c.conversations : [...c.conversations, m.conversationId],
    lastMentionId: later ? m.id : c.lastMentionId,
    lastCustomerAt: later ? m.createdAt : c.lastCustomerAt,
    lastSeq: `${m.createdAt}#${m.id}`,
    preview: later ? preview(m.text) : c.preview,
    tags: [...new Set([...c.tags, ...rules.tags])],
    updatedAt: at,
  };
  if (c.state === 'pending' || c.state === 'resolved' || c.state === 'dismissed') {
    const sla = c.state === 'pending' ? resumeSla(brand, c, now) : { ...c.sla, resolutionDueAt: openingSla(brand, m.platform, next.priority, now).resolutionDueAt };
    next = { ...next, state: 'open', sla, pausedAt: c.incidentId && c.pausedAt && c.state !== 'pending' ? c.pausedAt : undefined, resolvedAt: undefined };
    events.push(c.state === 'pending' ? event('state', now, TRIAGE, { from: 'pending', to: 'open', reason: 'customer wrote' }) : event('reopened', now, TRIAGE, { from: c.state, mentionId: m.id }));
    if (c.state !== 'pending') next.reopened = c.reopened + 1;
  }
  // The brand answered before: this message needs its own answer, on the next-response clock.
  if (next.firstResponseAt && next.state !== 'spam' && (!next.lastResponseAt || next.lastResponseAt < m.createdAt)) {
    next.sla = { ...next.sla, nextResponseDueAt: next.sla.nextResponseDueAt ?? nextResponseDue(brand, m.platform, next.priority, new Date(m.createdAt)) };
  }
  return { next, events };
}
