import { createHash } from 'node:crypto';
import { badRequest, WecareError } from '../errors.ts';
import type { Mention } from '../mention.ts';
import { cancelFollowUp, type FollowUp } from '../store/follow-ups.ts';
import { conversationMentions } from '../store/mention-reads.ts';
import { markAnswered } from '../store/mention-updates.ts';
import { getMention } from '../store/mentions.ts';
import { getIntent, type Intent } from '../store/outbox.ts';
import { replyRoute } from './channel.ts';
import { scheduleAfterAnswer } from './follow-up.ts';
import { intentId, RetryLater, sendReply } from './outbox.ts';
import type { FlowDeps } from './thank-you.ts';

export const AGENT_REPLY = 'agent-reply';

export interface AgentAnswer {
  intent: Pick<Intent, 'id' | 'state' | 'platform' | 'replyId' | 'lastError'>;
  mention: Pick<Mention, 'id' | 'status' | 'firstResponseAt'>;
  followUp?: Pick<FollowUp, 'state' | 'dueAt' | 'reason'>;
}

/**
 * An agent's answer to a mention, through the outbox (the same text twice for one mention is one
 * reply: a double click never posts twice). Records the first response, sets the case answered or
 * closed, and plans the "is it solved?" follow-up for complaints; closing cancels it.
 */
export async function agentReply(deps: FlowDeps, mentionId: string, req: { text: string; close?: boolean }): Promise<AgentAnswer> {
  const m = await getMention(deps.store, mentionId);
  if (!m) throw new WecareError('not_found', `mention ${mentionId} not found`);
  const brand = deps.brands.byId(m.brand);
  if (!brand) throw badRequest(`mention ${mentionId} belongs to no configured brand (${m.brand})`);
  const thread = await conversationMentions(deps.store, m.conversationId);
  const lastCustomerAt = thread.filter((t) => !t.fromBrand && t.status !== 'brand').reduce((at, t) => (t.createdAt > at ? t.createdAt : at), m.createdAt);
  const route = replyRoute(m, req.text, deps.now(), lastCustomerAt);
  if (!route.ok) throw badRequest(`cannot reply: ${route.reason}`);

  const subject = `${m.id}:${createHash('sha256').update(req.text).digest('base64url')}`;
  const intent = await sendReply(deps, { flow: AGENT_REPLY, subject, brand: brand.id, mentionId: m.id, message: route.message }).catch(async (e) => {
    // Retrying in the background (sweep); the agent has answered, the platform is just slow.
    if (e instanceof RetryLater) return (await getIntent(deps.store, intentId(subject, AGENT_REPLY)))!;
    throw e;
  });
  if (intent.state === 'failed') throw badRequest(`${m.platform} did not accept the reply: ${intent.lastError ?? 'unknown error'}`);

  const status = req.close ? 'closed' : 'answered';
  const updated = await markAnswered(deps.store, m, status, deps.now());
  const followUp = req.close
    ? await cancelFollowUp(deps.store, m.conversationId, 'case closed as solved')
    : m.intent === 'complaint'
      ? await scheduleAfterAnswer(deps, brand, m)
      : undefined;
  return {
    intent: { id: intent.id, state: intent.state, platform: intent.platform, replyId: intent.replyId, lastError: intent.lastError },
    mention: { id: m.id, status, firstResponseAt: updated.firstResponseAt },
    ...(followUp ? { followUp: { state: followUp.state, dueAt: followUp.dueAt, reason: followUp.reason } } : {}),
  };
}
