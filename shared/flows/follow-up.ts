import type { Brand } from '../config/brand.ts';
import type { Mention } from '../mention.ts';
import {
  cancelFollowUp,
  claimFollowUp,
  type FollowUp,
  finishFollowUp,
  recordAnswer,
  scheduleFollowUp,
} from '../store/follow-ups.ts';
import { queryDue, queryRescue } from '../store/due-index.ts';
import { conversationMentions } from '../store/mention-reads.ts';
import { getMention, rescueMention } from '../store/mentions.ts';
import { retryParkedChange } from '../store/parked-changes.ts';
import { passedByAll, readWatermark } from '../store/watermark.ts';
import { nextBusinessTime } from '../config/calendar.ts';
import { caseOfMention } from '../cases/ids.ts';
import { recordCsat } from '../cases/csat.ts';
import { fillName, pickTemplate, privateRoute } from './channel.ts';
import { deliver, RetryLater, sendReply } from './outbox.ts';
import type { FlowDeps } from './thank-you.ts';

export const FOLLOW_UP = 'follow-up';
const HOUR = 3_600_000;
/** Longer than one send with its inline retries: a sweep that dies mid-send is retried after it. */
const CLAIM_LEASE_MS = 2 * 60_000;

/** After an agent answered a complaint: ask later, at the brand's delay moved into business hours. */
export async function scheduleAfterAnswer(deps: FlowDeps, brand: Brand, m: Mention): Promise<FollowUp | undefined> {
  if (!brand.followUp.enabled) return undefined;
  const now = deps.now();
  const dueAt = nextBusinessTime(brand, new Date(now.getTime() + brand.followUp.delayHours * HOUR)).toISOString();
  return scheduleFollowUp(deps.store, { brand: brand.id, caseId: caseOfMention(m), mentionId: m.id, dueAt, now: now.toISOString() });
}

const isCustomer = (m: Mention) => !m.fromBrand && m.status !== 'brand';

/**
 * A triaged customer message: it cancels a follow-up still waiting on its case (the customer
 * wrote again, an agent will see it), or, when the follow-up already went out, it is the
 * customer's answer: recorded on the follow-up, and on the case as CSAT (an explicit score
 * like "8/10" or a WhatsApp quick reply when they give one, else the answer's sentiment).
 */
export async function onCustomerMessage(deps: FlowDeps, m: Mention): Promise<'cancelled' | 'answer' | 'none'> {
  if (!isCustomer(m)) return 'none';
  const caseId = caseOfMention(m);
  if (await cancelFollowUp(deps.store, caseId, 'customer wrote again', m.createdAt)) return 'cancelled';
  const answer = { mentionId: m.id, at: m.createdAt, sentiment: m.sentiment };
  if (!(await recordAnswer(deps.store, caseId, answer))) return 'none';
  await recordCsat(deps.store, caseId, m, deps.now());
  return 'answer';
}

export interface SweepReport {
  due: number;
  sent: number;
  skipped: number;
  failed: number;
  retrying: number;
}

/**
 * The minute sweep: reads only what is due on gsi5 (follow-ups, outbox retries) and handles
 * each once; the cost follows the number due, never the number waiting.
 */
export async function sweep(deps: FlowDeps, limit = 200): Promise<SweepReport> {
  const due = await queryDue(deps.store, deps.now(), limit);
  const report: SweepReport = { due: due.length, sent: 0, skipped: 0, failed: 0, retrying: 0 };
  const count = (state: string) => {
    if (state === 'sent') report.sent++;
    else if (state === 'failed') report.failed++;
    else if (state === 'skipped' || state === 'cancelled' || state === 'dry-run') report.skipped++;
  };
  const rescue = await waitingTooLong(deps, limit);
  await eachLimited([...due, ...rescue], 8, async (item) => {
    try {
      if (item.type === 'followup') count(await sendFollowUp(deps, item.id));
      else if (item.type === 'outbox') count((await deliver(deps, item.pk.slice('OUTBOX#'.length))).state);
      else if (item.type === 'mention') await rescueMention(deps.store, item.id, deps.now());
      else if (item.type === 'parked-change') await retryParkedChange(deps.store, item.pk, item.id, deps.now());
    } catch (e) {
      if (!(e instanceof RetryLater)) throw e;
      report.retrying++;
    }
  });
  return report;
}

/**
 * Mentions and parked changes the stream consumers skipped: arrived more than a rescue period ago
 * and before what both consumers have finished, or before now once both have been quiet.
 */
async function waitingTooLong(deps: FlowDeps, limit: number) {
  const { store } = deps;
  const now = deps.now();
  const { afterMs, quietMs } = deps.rescue ?? DEFAULT_RESCUE;
  const marks = await Promise.all([readWatermark(store, 'triage'), readWatermark(store, 'enrich')]);
  const before = Math.min(now.getTime() - afterMs, passedByAll(marks, now, quietMs, STREAM_ORDER_MARGIN_MS));
  return queryRescue(store, new Date(before).toISOString(), limit);
}

const DEFAULT_RESCUE = { afterMs: 120_000, quietMs: 120_000 };

/** The stream orders records per item, not across items: a little slack before calling one skipped. */
const STREAM_ORDER_MARGIN_MS = 30_000;

/** A few sends at a time: platforms rate-limit per account, and a burst of due items is one account's. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Claims one due follow-up (the exactly-once gate) and sends it on the customer's private channel. */
export async function sendFollowUp(deps: FlowDeps, caseId: string): Promise<string> {
  const f = await claimFollowUp(deps.store, caseId, deps.now(), CLAIM_LEASE_MS);
  if (!f) return 'taken';
  const end = (state: 'sent' | 'skipped' | 'failed', extra: { reason?: string; intentId?: string; replyId?: string } = {}) =>
    finishFollowUp(deps.store, caseId, { state, at: deps.now().toISOString(), ...extra }).then(() => state);
  const m = await getMention(deps.store, f.mentionId);
  const brand = deps.brands.byId(f.brand);
  if (!m || !brand) return end('skipped', { reason: m ? `unknown brand ${f.brand}` : 'answered mention no longer stored' });

  const thread = await conversationMentions(deps.store, m.conversationId);
  const lastCustomerAt = thread.filter(isCustomer).reduce((at, t) => (t.createdAt > at ? t.createdAt : at), m.createdAt);
  const template = pickTemplate(brand.followUp.templates, m.lang, brand.languages);
  const wa = brand.followUp.whatsappTemplate;
  // Automated: never under Messenger's HUMAN_AGENT tag, which Meta reserves for a person's messages.
  const route = privateRoute(m, fillName(template.text, m), deps.now(), lastCustomerAt, wa ? { name: wa, language: template.lang, params: [] } : undefined, { automated: true });
  if (!route.ok) return end('skipped', { reason: route.reason });

  const intent = await sendReply(deps, { flow: FOLLOW_UP, subject: `${f.mentionId}@${f.scheduledAt}`, brand: brand.id, mentionId: m.id, message: route.message });
  if (intent.state === 'sent') return end('sent', { intentId: intent.id, replyId: intent.replyId });
  return end('failed', { intentId: intent.id, reason: intent.lastError ?? intent.state });
}
