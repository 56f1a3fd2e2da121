import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Recorded } from '../../local/sink.ts';
import { replyClient } from '../../shared/platforms/index.ts';
import type { OutboundMessage } from '../../shared/platforms/types.ts';
import type { Store } from '../../shared/store/client.ts';
import type { Delivery } from './driver.ts';

type Item = Record<string, unknown>;

/** Every item of the soak's table (a fresh data dir: only what the soak caused). */
export async function scanTable(store: Store): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await store.ddb.send(new ScanCommand({ TableName: store.table, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const i of page.Items ?? []) items.push(unmarshall(i));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** What is still moving: the settle loop waits until all of it is zero. */
export function inProgress(items: Item[]) {
  let intents = 0;
  let untriaged = 0;
  let deliveries = 0;
  for (const i of items) {
    if (i.type === 'outbox' && (i.state === 'pending' || i.state === 'sending')) intents++;
    if (i.type === 'mention' && i.status === 'new' && !i.fromBrand) untriaged++;
    if (i.entity === 'delivery' && (i.state === 'sending' || i.state === 'retrying')) deliveries++;
  }
  return { intents, untriaged, deliveries };
}

/** An incident update the soak posted, with a marker in its text so the sink's requests can be counted. */
export interface PostedUpdate {
  marker: string;
  incidentId?: string;
}

export interface Reconciliation {
  accepted: number;
  rejected4xx: number;
  gaveUp: number;
  stored: number;
  duplicatesInTable: number;
  duplicatesSuppressed: number;
  parkedChanges: number;
  changesUnapplied: number;
  missingMentions: number;
  wronglyRejected: number;
  untriaged: number;
  /** A few of them, to say where they stalled. */
  untriagedSample: Array<{ id: string; platform: string; textPending: boolean; receivedAt: string; fetches: number[]; rescues: number; rescueKey?: string }>;
  /** What was doubled, to tell a real double from a reconciliation mismatch. */
  doubledSample: Array<{ why: string; path: string; body: string }>;
  intents: Record<string, number>;
  /** Why replies failed (a platform outage outlasting the retries, an outcome unknown): they wait in a DLQ or for an agent. */
  failedSample: Array<{ flow: string; platform: string; lastError: string }>;
  intentsStuck: number;
  sentWithoutRequest: number;
  doubledReplies: number;
  doubledRequests: number;
  broadcastDeliveries: number;
  broadcastNotSent: number;
  broadcastDoubled: number;
  lost: number;
  doubled: number;
}

/**
 * The soak's verdict. Lost: a valid event never accepted or accepted but not stored, a change
 * never applied, a reply intent stuck in pending/sending, a broadcast delivery not sent.
 * Doubled: an intent with more than one successful request at the sink, the same request
 * (path and body) succeeding twice, or an update reaching a channel twice; each as the receiver
 * counts it: a review reply PUT again is still one reply, a webhook resent with its webhook-id one event.
 */
export function reconcile(deliveries: Delivery[], items: Item[], sink: Recorded[], updates: PostedUpdate[]): Reconciliation {
  const mentions = new Map<string, Item[]>();
  for (const i of items) if (i.type === 'mention') mentions.set(String(i.id), [...(mentions.get(String(i.id)) ?? []), i]);
  const byExternal = new Map<string, number>();
  for (const list of mentions.values()) for (const m of list) byExternal.set(`${m.platform}|${m.externalId}`, (byExternal.get(`${m.platform}|${m.externalId}`) ?? 0) + 1);

  const r = { accepted: 0, rejected4xx: 0, gaveUp: 0, duplicatesSuppressed: 0, parkedChanges: 0, changesUnapplied: 0, missingMentions: 0, wronglyRejected: 0 };
  const acceptedIds = new Set<string>();
  for (const d of deliveries) {
    const ok = d.final >= 200 && d.final < 300;
    const valid = d.kind !== 'malformed' && d.kind !== 'unsigned';
    if (ok) r.accepted++;
    else if (d.final >= 400 && d.final < 500) r.rejected4xx++;
    else r.gaveUp++;
    if (valid && !ok) r.wronglyRejected++;
    if (!valid && ok) r.wronglyRejected++;
    if (!ok || !valid) continue;
    r.duplicatesSuppressed += d.outcome?.duplicates ?? 0;
    r.parkedChanges += d.outcome?.parked ?? 0;
    for (const id of d.expect.mentions) acceptedIds.add(id);
  }
  for (const id of acceptedIds) if (!mentions.has(id)) r.missingMentions++;
  for (const d of deliveries) {
    if (d.final < 200 || d.final >= 300) continue;
    for (const c of d.expect.changes) {
      const m = mentions.get(c.mentionId)?.[0];
      // A change whose mention was never sent stays parked by design; the soak always sends the mention.
      if (m && !(m.events instanceof Set ? m.events.has(c.eventId) : Array.isArray(m.events) && m.events.includes(c.eventId))) r.changesUnapplied++;
    }
  }

  const intents: Record<string, number> = {};
  const ok2xx = sink.filter((q) => q.method !== 'GET' && q.status >= 200 && q.status < 300);
  let sentWithoutRequest = 0;
  let doubledReplies = 0;
  const doubledSample: Array<{ why: string; path: string; body: string }> = [];
  const idempotent = new Set<Recorded>();
  for (const i of items) {
    if (i.type !== 'outbox') continue;
    intents[String(i.state)] = (intents[String(i.state)] ?? 0) + 1;
    if (i.state !== 'sent' || !i.message) continue;
    const requests = ok2xx.filter((q) => carries(q, i.message as OutboundMessage));
    if (requests.length === 0) sentWithoutRequest++;
    // A review reply is one per review: a repeated PUT (the outbox's resend after an unknown outcome) replaces it.
    if (replyClient(String(i.platform)).recovery(i.message as OutboundMessage) === 'resend') {
      for (const q of requests) idempotent.add(q);
      continue;
    }
    if (requests.length < 2) continue;
    doubledReplies++;
    const at = requests.map((q) => `${q.at} ${q.status}`).join(', ');
    doubledSample.push({ why: `intent ${String(i.pk)} (${String(i.flow)}, attempts ${String(i.attempts)}) x${requests.length} at ${at}`, path: requests[0]!.path, body: requests[0]!.body.slice(0, 300) });
  }
  const seen = new Map<string, number>();
  // Not counted here: idempotent review replies (above) and signed webhooks, whose receivers drop a repeated webhook-id.
  for (const q of ok2xx) if (!idempotent.has(q) && !q.headers['webhook-id']) seen.set(sameRequest(q), (seen.get(sameRequest(q)) ?? 0) + 1);
  for (const [k, n] of seen) if (n > 1) doubledSample.push({ why: `identical x${n}`, path: k.split('\n')[1]!, body: k.split('\n').slice(2).join('\n').slice(0, 300) });
  const doubledRequests = [...seen.values()].filter((n) => n > 1).length;

  const deliveryItems = items.filter((i) => i.entity === 'delivery');
  const broadcastNotSent = deliveryItems.filter((i) => i.state !== 'sent').length;
  let broadcastDoubled = 0;
  for (const u of updates) {
    // Per channel, distinct deliveries: a signed webhook resent with its webhook-id is one event to its receiver.
    const perChannel = new Map<string, number>();
    const counted = new Set<string>();
    for (const q of ok2xx) {
      if (!q.body.includes(u.marker) || counted.has(sameRequest(q))) continue;
      if (q.headers['webhook-id']) counted.add(sameRequest(q));
      perChannel.set(channelOf(q.path), (perChannel.get(channelOf(q.path)) ?? 0) + 1);
    }
    for (const [channel, n] of perChannel) if (n > 1) doubledSample.push({ why: `${u.marker} x${n}`, path: channel, body: ok2xx.filter((q) => q.body.includes(u.marker) && channelOf(q.path) === channel).map((q) => `${q.path} ${q.body.slice(0, 200)}`).join(' | ') });
    broadcastDoubled += [...perChannel.values()].filter((n) => n > 1).length;
  }

  const intentsStuck = (intents.pending ?? 0) + (intents.sending ?? 0);
  // A stored mention never triaged is lost to webcare: no thank-you, no outage reply, no SLA.
  const untriaged = inProgress(items).untriaged;
  const lost = r.gaveUp + r.wronglyRejected + r.missingMentions + r.changesUnapplied + untriaged + intentsStuck + broadcastNotSent;
  return {
    ...r,
    stored: acceptedIds.size - r.missingMentions,
    duplicatesInTable: [...byExternal.values()].filter((n) => n > 1).length,
    untriaged,
    untriagedSample: items
      .filter((i) => i.type === 'mention' && i.status === 'new' && !i.fromBrand)
      .slice(0, 5)
      .map((i) => ({
        id: String(i.id),
        platform: String(i.platform),
        textPending: i.textPending === true,
        receivedAt: String(i.receivedAt),
        fetches: sink.filter((q) => q.method === 'GET' && q.path.includes(String(i.externalId))).map((q) => q.status),
        // Where the rescue got to: how often it nudged, and whether the mention is still in its index.
        rescues: Number(i.rescues ?? 0),
        rescueKey: i.gsi5sk === undefined ? undefined : String(i.gsi5sk),
      })),
    doubledSample: doubledSample.slice(0, 6),
    intents,
    failedSample: items
      .filter((i) => i.type === 'outbox' && i.state === 'failed')
      .slice(0, 5)
      .map((i) => ({ flow: String(i.flow), platform: String(i.platform), lastError: String(i.lastError ?? '').slice(0, 160) })),
    intentsStuck,
    sentWithoutRequest,
    doubledReplies,
    doubledRequests,
    broadcastDeliveries: deliveryItems.length,
    broadcastNotSent,
    broadcastDoubled,
    lost,
    doubled: doubledReplies + doubledRequests + broadcastDoubled,
  };
}

/** One request as its receiver tells duplicates apart: by webhook-id where it carries one, and path and body. */
const sameRequest = (q: Recorded) => `${q.headers['webhook-id'] ?? ''}\n${q.path}\n${q.body}`;

/** Whether a sink request is this reply: its text (or template) to its target, as the platform clients send them. */
function carries(q: Recorded, m: OutboundMessage): boolean {
  const what = m.template ? m.template.name : JSON.stringify(m.text).slice(1, -1);
  if (!q.body.includes(what)) return false;
  // The target as a whole path segment or a whole JSON string: ids share prefixes (a tweet 45oy7000000000
  // and 45oy70000000001), and since public replies name only first names, many carry the same text.
  const path = `${q.path.split('?')[0]!}/`;
  const inPath = (t: string) => path.includes(`/${t}/`) || path.includes(`/${encodeURIComponent(t)}/`);
  return [m.replyTo, m.recipient].some((t) => t && (inPath(t) || q.body.includes(JSON.stringify(t))));
}

/** `/x/2/tweets` → `x`, `/slack` → `slack`: one channel per first path segment. */
const channelOf = (path: string) => path.split('/')[1] ?? path;
