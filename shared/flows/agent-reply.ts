import { createHash } from 'node:crypto';
import { badRequest, WecareError } from '../errors.ts';
import type { Mention } from '../mention.ts';
import { cancelFollowUp, type FollowUp } from '../store/follow-ups.ts';
import { conversationMentions } from '../store/mention-reads.ts';
import { markAnswered } from '../store/mention-updates.ts';
import { getMention } from '../store/mentions.ts';
import { getIntent, type Intent } from '../store/outbox.ts';
import { replyRoute, type TemplateChoice } from './channel.ts';
import { scheduleAfterAnswer } from './follow-up.ts';
import { caseOfMention } from '../cases/ids.ts';
import { intentId, RetryLater, sendReply } from './outbox.ts';
import type { FlowDeps } from './thank-you.ts';
import type { Actor, Case } from '../case.ts';
import { answered } from '../cases/lifecycle.ts';
import { changeCase } from '../cases/mutate.ts';

export const AGENT_REPLY = 'agent-reply';

export interface AgentAnswer {
  intent: Pick<Intent, 'id' | 'state' | 'platform' | 'replyId' | 'lastError'>;
  mention: Pick<Mention, 'id' | 'status' | 'firstResponseAt'>;
  followUp?: Pick<FollowUp, 'state' | 'dueAt' | 'reason'>;
  case?: Pick<Case, 'id' | 'state' | 'version'>;
}

/** An answer through the old mention route with no person behind it (tests, scripts). */
const AGENT: Actor = { type: 'system', id: 'agent-reply' };

/**
 * An agent's answer to a mention, through the outbox (the same text twice for one mention is one
 * reply: a double click never posts twice). Records the first response, sets the case answered or
 * closed, and plans the "is it solved?" follow-up for complaints; closing cancels it.
 */
export async function agentReply(deps: FlowDeps, mentionId: string, req: { text: string; close?: boolean; template?: TemplateChoice }, actor: Actor = AGENT): Promise<AgentAnswer> {
  const m = await getMention(deps.store, mentionId);
  if (!m) throw new WecareError('not_found', `mention ${mentionId} not found`);
  const brand = deps.brands.byId(m.brand);
  if (!brand) throw badRequest(`mention ${mentionId} belongs to no configured brand (${m.brand})`);
  const thread = await conversationMentions(deps.store, m.conversationId);
  const lastCustomerAt = thread.filter((t) => !t.fromBrand && t.status !== 'brand').reduce((at, t) => (t.createdAt > at ? t.createdAt : at), m.createdAt);
  // Outside WhatsApp's 24-hour window only an approved template goes; the agent names it.
  const route = replyRoute(m, req.text, deps.now(), lastCustomerAt, req.template);
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
  // The case follows: first response, then waiting on the customer (or resolved with the reply).
  const reply = { at: deps.now(), actor, mentionId: m.id, replyId: intent.replyId, platform: m.platform, resolve: req.close, intentId: intent.id };
  const kase = await changeCase(deps.store, caseOfMention(m), (c) => answered(brand, c, reply, deps.now())).catch((e) => {
    // A mention triaged before cases existed has none; the answer itself stands.
    if ((e as { code?: string }).code === 'not_found') return undefined;
    throw e;
  });
  const followUp = req.close
    ? await cancelFollowUp(deps.store, caseOfMention(m), 'case closed as solved')
    : m.intent === 'complaint'
      ? await scheduleAfterAnswer(deps, brand, m)
      : undefined;
  return {
    intent: { id: intent.id, state: intent.state, platform: intent.platform, replyId: intent.replyId, lastError: intent.lastError },
    mention: { id: m.id, status, firstResponseAt: updated.firstResponseAt },
    ...(kase ? { case: { id: kase.id, state: kase.state, version: kase.version } } : {}),
    ...(followUp ? { followUp: { state: followUp.state, dueAt: followUp.dueAt, reason: followUp.reason } } : {}),
  };
}
