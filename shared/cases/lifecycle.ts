import { randomUUID } from 'node:crypto';
import type { Brand } from '../config/brand.ts';
import { WecareError } from '../errors.ts';
import { type Actor, type Case, type CaseEvent, type CaseState, canMove, isOpen } from '../case.ts';
import { openingSla, resumeSla } from './sla.ts';

/**
 * The state changes of a case as pure functions: what a person or a flow asks, checked against the
 * lifecycle (case.ts), with the clocks following (pending pauses them, open resumes them, a
 * reopened case gets a new resolution clock). Used through changeCase (mutate.ts).
 */
export const caseEvent = (type: string, at: Date, actor: Actor, details: Record<string, unknown> = {}): CaseEvent => ({
  id: randomUUID(),
  type,
  at: at.toISOString(),
  actor,
  ...details,
});

export function moveCase(brand: Brand, c: Case, to: CaseState, actor: Actor, now: Date, reason?: string): { next: Case; events: CaseEvent[] } | undefined {
  if (c.state === to) return undefined;
  if (!canMove(c.state, to)) throw new WecareError('conflict', `case ${c.id} is ${c.state}: it cannot move to ${to}`);
  const at = now.toISOString();
  let next: Case = { ...c, state: to, updatedAt: at };
  if (to === 'pending') next.pausedAt = at;
  if (c.state === 'pending') next = { ...next, sla: resumeSla(brand, c, now), pausedAt: undefined };
  if (!isOpen(to)) next = { ...next, resolvedAt: at, lock: undefined };
  if (!isOpen(c.state) && isOpen(to)) {
    next = { ...next, resolvedAt: undefined, reopened: c.reopened + 1, sla: { ...c.sla, resolutionDueAt: openingSla(brand, c.platforms[0] ?? 'default', c.priority, now).resolutionDueAt } };
  }
  return { next, events: [caseEvent('state', now, actor, { from: c.state, to, ...(reason ? { reason } : {}) })] };
}

/** The brand answered (through wecare or in the platform's own app): first response, then waiting on the customer. */
export function answered(
  brand: Brand,
  c: Case,
  reply: { at: Date; actor: Actor; mentionId: string; replyId?: string; platform: string; resolve?: boolean; native?: boolean; intentId?: string },
  now: Date,
): { next: Case; events: CaseEvent[] } {
  const at = reply.at.toISOString();
  const base: Case = {
    ...c,
    firstResponseAt: c.firstResponseAt ?? at,
    lastResponseAt: !c.lastResponseAt || c.lastResponseAt < at ? at : c.lastResponseAt,
    lastReplyId: reply.replyId ?? c.lastReplyId,
    sla: { ...c.sla, nextResponseDueAt: undefined },
    lock: undefined,
    updatedAt: now.toISOString(),
  };
  const events = [caseEvent('replied', now, reply.actor, { mentionId: reply.mentionId, platform: reply.platform, ...(reply.native ? { native: true } : {}), ...(reply.intentId ? { intentId: reply.intentId } : {}) })];
  // An answer to an older message, after which the customer already wrote again: the case stays open.
  if (at < c.lastCustomerAt && !reply.resolve) return { next: base, events };
  const to: CaseState = reply.resolve ? 'resolved' : 'pending';
  const moved = isOpen(c.state) && c.state !== to && canMove(c.state, to) ? moveCase(brand, base, to, reply.actor, now, reply.resolve ? 'replied and resolved' : 'waiting on the customer') : undefined;
  return moved ? { next: moved.next, events: [...events, ...moved.events] } : { next: base, events };
}
