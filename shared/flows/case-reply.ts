import type { Principal } from '../auth/principal.ts';
import { canReply } from '../case.ts';
import { badRequest, WecareError } from '../errors.ts';
import { caseRecords } from '../store/cases.ts';
import { getMention } from '../store/mentions.ts';
import { type AgentAnswer, agentReply } from './agent-reply.ts';
import type { FlowDeps } from './thank-you.ts';

/**
 * Reply on a case: on the channel of the customer's last message, or the mention named (it must
 * be this case's). Refused on spam and dismissed cases (409), and while someone else holds the
 * lock (409, unless `force`). The answer goes through the outbox like every reply.
 */
export async function replyOnCase(deps: FlowDeps, id: string, req: { text: string; mentionId?: string; resolve?: boolean; force?: boolean; template?: { name: string; language: string; params: string[] } }, who: Principal): Promise<AgentAnswer> {
  const records = await caseRecords(deps.store, id);
  if (!records) throw new WecareError('not_found', `case ${id} not found`);
  const c = records.case;
  if (!canReply(c.state)) throw new WecareError('conflict', `case ${id} is ${c.state}: move it to open before replying`);
  const now = deps.now().toISOString();
  if (c.lock && c.lock.by !== who.actor.id && c.lock.until > now && !req.force) {
    throw new WecareError('conflict', `case ${id} is being answered by ${c.lock.by}: reply with "force": true to answer anyway`);
  }
  const mentionId = req.mentionId ?? c.lastMentionId;
  const m = await getMention(deps.store, mentionId);
  if (!m || (m.caseId !== id && mentionId !== c.lastMentionId)) throw badRequest(`mentionId: ${mentionId} is not a message of case ${id}`);
  return agentReply(deps, mentionId, { text: req.text, close: req.resolve, template: req.template }, who.actor);
}
