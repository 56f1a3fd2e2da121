import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { pool } from '../../shared/broadcast/deliver.ts';
import type { Brands } from '../../shared/config/load.ts';
import { flowDepsFromEnv, loadTriagedMention } from '../../shared/flows/deps.ts';
import { assertDelivered, type ReplyIntent, RetryLater, sendReply } from '../../shared/flows/outbox.ts';
import type { StatusUpdateEvent } from '../../shared/incidents/event.ts';
import type { Incident } from '../../shared/incidents/model.ts';
import {
  affectedMentions,
  matchIncident,
  outageReplyIntent,
  recordAffected,
  resolvedNoticeIntent,
  resumeSla,
  tagMention,
} from '../../shared/incidents/outage.ts';
import { activeIncidentsCache } from '../../shared/incidents/active.ts';
import type { Mention } from '../../shared/mention.ts';
import type { Store } from '../../shared/store/mentions.ts';
import { loadSecrets } from '../../shared/secrets.ts';
import { partialBatch } from '../adapters/batch.ts';

// Secrets Manager values into the env before anything below reads it (a no-op locally).
await loadSecrets();

export interface OutageDeps {
  store: Store;
  brands: Brands;
  publicUrl: string;
  now: () => Date;
  /** The flows' outbox (shared/flows/outbox.ts sendReply): once per intent subject, ever. */
  sendReply: (intent: ReplyIntent) => Promise<void>;
  /** How long the active incidents of a brand are reused: a spike of complaints reads them once. */
  cacheMs?: number;
}

/**
 * The outage auto-reply, fed by two queues (shared/incidents/queues.ts): triaged complaints
 * (outage-reply) get one reply per author per incident linking the status page; a resolved
 * incident (outage-resolved) notifies each affected author once.
 */
export function createOutageReplyHandler(deps: OutageDeps) {
  const active = activeIncidentsCache(deps.store, deps.cacheMs);
  const record = async (r: SQSRecord) => {
    const message = unwrap(r.body) as { type?: string };
    if (message.type === 'mention.triaged') {
      // The event names the mention; its words and author are read from the store (none when erased).
      const mention = await loadTriagedMention(deps.store, r.body);
      return mention ? onMention(deps, mention, await active(mention.brand)) : undefined;
    }
    if (message.type === 'status.update') return onResolved(deps, message as StatusUpdateEvent);
    throw new Error(`outage-reply: unexpected message type ${message.type}`);
  };
  return (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    partialBatch('sqs', event, record, { context });
}

async function onMention(deps: OutageDeps, mention: Mention, active: Incident[]) {
  const brand = deps.brands.byId(mention.brand);
  if (!brand) return;
  const incident = matchIncident(brand, mention, active);
  if (!incident) return;
  const now = deps.now();
  await tagMention(deps.store, mention, incident.id, now);
  await recordAffected(deps.store, incident.id, mention, now);
  const intent = outageReplyIntent(brand, mention, incident, deps.publicUrl, now);
  if (intent) await deps.sendReply(intent);
}

async function onResolved(deps: OutageDeps, event: StatusUpdateEvent) {
  if (event.update.kind !== 'resolved' || event.incident.kind !== 'incident') return;
  const brand = deps.brands.byId(event.incident.brand);
  if (!brand) return;
  const mentions = await affectedMentions(deps.store, event.incident.id);
  await pool(mentions, 10, async (m) => {
    await resumeSla(deps.store, m, event.update.at ?? deps.now().toISOString());
    const intent = resolvedNoticeIntent(brand, m, event.incident, deps.publicUrl, deps.now());
    if (intent) await deps.sendReply(intent);
  });
}


function unwrap(body: string): unknown {
  const outer = JSON.parse(body) as { Type?: string; Message?: string };
  return outer.Type === 'Notification' && typeof outer.Message === 'string' ? JSON.parse(outer.Message) : outer;
}

/** The outbox as Lambda uses it: a reply that will be retried later by the sweep is done here. */
export function outboxSender(flow = flowDepsFromEnv()) {
  return async (intent: ReplyIntent) => {
    try {
      assertDelivered(await sendReply(flow, intent));
    } catch (e) {
      if (!(e instanceof RetryLater)) throw e;
    }
  };
}

// Cold start: clients, config and env once.
const flow = flowDepsFromEnv();
export const handler = createOutageReplyHandler({
  store: flow.store,
  brands: flow.brands,
  publicUrl: process.env.PUBLIC_URL ?? 'http://localhost:3000',
  now: flow.now,
  sendReply: outboxSender(flow),
});
