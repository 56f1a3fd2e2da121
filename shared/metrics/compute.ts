import type { Mention } from '../mention.ts';

/** What a webcare lead looks at: volume, backlog per team, SLA breaches, first-response time per channel. */
export interface WebcareMetrics {
  brand: string;
  from: string;
  to: string;
  volume: { total: number; byPlatform: Record<string, number>; byIntent: Record<string, number>; bySentiment: Record<string, number> };
  /** The backlog now (not bounded by from/to): open mentions per team. */
  open: { total: number; byTeam: Record<string, number> };
  /** Customer mentions in the range answered after their SLA due time, or still unanswered past it. */
  slaBreaches: { total: number; unanswered: number; answeredLate: number };
  /** Minutes from the customer's mention to the brand's first answer, per channel. */
  firstResponse: Record<string, { medianMinutes: number; answered: number }>;
}

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/**
 * Pure: `inRange` are the brand's mentions (customers' and the brand's own echoes) created in
 * the range, `open` the current backlog. A mention counts as answered at `firstResponseAt`, or
 * else at the first brand echo later in the same conversation.
 */
export function computeMetrics(q: { brand: string; from: string; to: string }, inRange: Mention[], open: Mention[], now: Date): WebcareMetrics {
  const m: WebcareMetrics = {
    ...q,
    volume: { total: 0, byPlatform: {}, byIntent: {}, bySentiment: {} },
    open: { total: open.length, byTeam: {} },
    slaBreaches: { total: 0, unanswered: 0, answeredLate: 0 },
    firstResponse: {},
  };
  for (const o of open) bump(m.open.byTeam, o.team ?? 'unassigned');
  const replies = brandRepliesByConversation(inRange);
  const minutes: Record<string, number[]> = {};
  for (const mention of inRange) {
    if (mention.status === 'brand' || mention.fromBrand) continue;
    m.volume.total++;
    bump(m.volume.byPlatform, mention.platform);
    bump(m.volume.byIntent, mention.intent ?? 'untriaged');
    bump(m.volume.bySentiment, mention.sentiment?.label ?? 'untriaged');
    const answeredAt = mention.firstResponseAt ?? firstReplyAfter(replies.get(mention.conversationId), mention.createdAt);
    if (answeredAt) (minutes[mention.platform] ??= []).push((Date.parse(answeredAt) - Date.parse(mention.createdAt)) / 60_000);
    // A clock paused by an active incident is not running late: the outage is answered on the status page.
    if (!mention.slaDueAt || mention.slaPausedAt) continue;
    if (answeredAt && answeredAt > mention.slaDueAt) m.slaBreaches.answeredLate++;
    else if (!answeredAt && Date.parse(mention.slaDueAt) < now.getTime()) m.slaBreaches.unanswered++;
  }
  m.slaBreaches.total = m.slaBreaches.answeredLate + m.slaBreaches.unanswered;
  for (const [platform, list] of Object.entries(minutes)) {
    m.firstResponse[platform] = { medianMinutes: Math.round(median(list) * 10) / 10, answered: list.length };
  }
  return m;
}

function brandRepliesByConversation(mentions: Mention[]): Map<string, string[]> {
  const byConversation = new Map<string, string[]>();
  for (const m of mentions) {
    if (m.status !== 'brand' && !m.fromBrand) continue;
    const list = byConversation.get(m.conversationId) ?? [];
    list.push(m.createdAt);
    byConversation.set(m.conversationId, list);
  }
  for (const list of byConversation.values()) list.sort();
  return byConversation;
}

const firstReplyAfter = (replies: string[] | undefined, at: string) => replies?.find((r) => r > at);

export function median(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
