import type { Mention } from '../mention.ts';
import { listFollowUps } from '../store/follow-ups.ts';
import type { Store } from '../store/client.ts';
import { conversationMentions, conversationsOfBrand } from '../store/mention-reads.ts';
import { listIntents } from '../store/outbox.ts';
import { FOLLOW_UP } from './follow-up.ts';
import { THANK_YOU } from './thank-you.ts';

/**
 * The effect of webcare on one brand in a period (the "Achmea meters"): does answering change how
 * customers feel? Sentiment is compared inside each answered conversation, before and after the
 * brand's first reply, so a period with angrier customers does not read as worse webcare.
 */
export interface WebcareEffect {
  brand: string;
  from: string;
  to: string;
  /** Conversations with customer messages in the period that the brand answered. */
  answeredConversations: number;
  /**
   * Mean scores over the conversations with customer sentiment both before and after the reply;
   * `byLabel`: over every answered conversation, the customer messages per sentiment label before
   * the first reply and after it (sentimentByLabel).
   */
  sentiment: { conversations: number; before: number | null; after: number | null; delta: number | null; byLabel: SentimentByLabel };
  complaints: { answered: number; withReaction: number; turnedNeutralOrPositive: number; share: number | null };
  thankYous: Record<'sent' | 'skipped' | 'dryRun' | 'failed' | 'pending', number>;
  followUps: { scheduled: number; sent: number; cancelled: number; skipped: number; failed: number; answered: number; answeredPositiveOrNeutral: number };
}

const isCustomer = (m: Mention) => !m.fromBrand && m.status !== 'brand';
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/** The first brand reply: an echo of the brand's own message, or an agent answer's firstResponseAt. */
export function firstBrandReply(thread: Mention[]): string | undefined {
  const times = thread.flatMap((m) => [!isCustomer(m) ? m.createdAt : undefined, m.firstResponseAt]).filter((t): t is string => !!t);
  return times.sort()[0];
}

type Label = 'positive' | 'neutral' | 'negative';
export type SentimentByLabel = { before: Record<Label, number>; after: Record<Label, number> };

export interface ConversationEffect {
  before?: number;
  after?: number;
  /** The customer's labelled messages up to the first reply, and after it. */
  beforeLabels: Label[];
  afterLabels: Label[];
  complaint: boolean;
  reaction?: 'positive' | 'neutral' | 'negative';
}

/** One conversation's customer sentiment around the first reply; undefined if never answered. */
export function conversationEffect(thread: Mention[]): ConversationEffect | undefined {
  const reply = firstBrandReply(thread);
  if (!reply) return undefined;
  const customer = thread.filter((m) => isCustomer(m) && m.sentiment).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const before = customer.filter((m) => m.createdAt <= reply);
  const after = customer.filter((m) => m.createdAt > reply);
  return {
    before: mean(before.map((m) => m.sentiment!.score)) ?? undefined,
    after: mean(after.map((m) => m.sentiment!.score)) ?? undefined,
    beforeLabels: before.map((m) => m.sentiment!.label),
    afterLabels: after.map((m) => m.sentiment!.label),
    complaint: before.some((m) => m.intent === 'complaint'),
    reaction: after.at(-1)?.sentiment?.label,
  };
}

/** Pure: the customer messages per sentiment label before and after the first reply, summed over the conversations. */
export function sentimentByLabel(effects: ConversationEffect[]): SentimentByLabel {
  const zero = (): Record<Label, number> => ({ positive: 0, neutral: 0, negative: 0 });
  const out = { before: zero(), after: zero() };
  for (const e of effects) {
    for (const l of e.beforeLabels) out.before[l]++;
    for (const l of e.afterLabels) out.after[l]++;
  }
  return out;
}

export async function webcareEffect(store: Store, brand: string, from: string, to: string): Promise<WebcareEffect> {
  const conversations = await conversationsOfBrand(store, brand, from, to);
  const effects: ConversationEffect[] = [];
  for (let i = 0; i < conversations.length; i += 16) {
    const batch = conversations.slice(i, i + 16).map(async (c) => conversationEffect(await conversationMentions(store, c)));
    for (const e of await Promise.all(batch)) if (e) effects.push(e);
  }
  const paired = effects.filter((e) => e.before !== undefined && e.after !== undefined);
  const before = mean(paired.map((e) => e.before!));
  const after = mean(paired.map((e) => e.after!));
  const complaints = effects.filter((e) => e.complaint);
  const reacted = complaints.filter((e) => e.reaction);
  const turned = reacted.filter((e) => e.reaction !== 'negative').length;
  const [intents, followUps] = await Promise.all([listIntents(store, brand, from, to), listFollowUps(store, brand, from, to)]);
  const thanks = intents.filter((i) => i.flow === THANK_YOU);
  const count = (state: string) => thanks.filter((i) => i.state === state).length;
  const fu = (state: string) => followUps.filter((f) => f.state === state).length;
  const answered = followUps.filter((f) => f.answer);
  return {
    brand,
    from,
    to,
    answeredConversations: effects.length,
    sentiment: { conversations: paired.length, before: round(before), after: round(after), delta: before === null || after === null ? null : round(after - before), byLabel: sentimentByLabel(effects) },
    complaints: { answered: complaints.length, withReaction: reacted.length, turnedNeutralOrPositive: turned, share: reacted.length ? round(turned / reacted.length) : null },
    thankYous: { sent: count('sent'), skipped: count('skipped'), dryRun: count('dry-run'), failed: count('failed'), pending: count('pending') + count('sending') },
    followUps: {
      scheduled: followUps.length,
      // Sent follow-ups are counted from the outbox too, so one whose record was rescheduled still counts.
      sent: Math.max(fu('sent'), intents.filter((i) => i.flow === FOLLOW_UP && i.state === 'sent').length),
      cancelled: fu('cancelled'),
      skipped: fu('skipped'),
      failed: fu('failed'),
      answered: answered.length,
      answeredPositiveOrNeutral: answered.filter((f) => f.answer?.sentiment && f.answer.sentiment.label !== 'negative').length,
    },
  };
}
