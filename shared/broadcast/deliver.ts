import type { Brand } from '../config/brand.ts';
import type { StatusUpdateEvent } from '../incidents/event.ts';
import { impactsFrom } from '../incidents/model.ts';
import { SUBSCRIBERS_CHANNEL } from '../incidents/queues.ts';
import { webhookSubscribers } from '../incidents/subscribers.ts';
import { recordDone, type Store } from '../store/client.ts';
import * as deliveries from '../store/deliveries.ts';
import type { DeliveryKey } from '../store/deliveries.ts';
import { type ChannelConfig, type ChannelEnv, channelRequest, targetOf } from './channels.ts';
import { type Fetch, type OutboundRequest, send } from '../platforms/http.ts';
import { platformAdapters } from '../platforms/index.ts';
import { guardedFetch } from './public-target.ts';
import { webhookRequest } from './webhook.ts';
import { pool } from '../pool.ts';

export interface BroadcastDeps {
  store: Store;
  /** For configured channels and platform APIs: trusted config, unfiltered. */
  fetch: Fetch;
  /** For URLs strangers supplied (webhook subscribers): filtered (public-target.ts); absent, the filter refusing private targets. */
  publicFetch?: Fetch;
  env: ChannelEnv;
  now: () => Date;
  /** Parallel subscriber posts per message. */
  concurrency?: number;
  /** Per post (default 10 s). */
  timeoutMs?: number;
}

/** Which receive of the SQS message this is; the last one records `failed` instead of `retrying`. */
export interface Attempt {
  receiveCount: number;
  maxReceiveCount: number;
  /** How long a claim holds before another receiver may take over a crashed send (the visibility timeout). */
  leaseMs: number;
}

export interface Tally {
  sent: number;
  skipped: number;
  retrying: number;
  failed: number;
  /** The longest retry-after a platform asked for, in seconds. */
  retryAfterSeconds?: number;
}

/**
 * Delivers one status update to one channel of a brand (or to all its webhook subscribers).
 * The caller fails the SQS message when `retrying + failed > 0`, so it comes back (and ends in
 * the DLQ after maxReceiveCount); what was sent stays sent, because every send is claimed first.
 */
export async function deliverToChannel(deps: BroadcastDeps, brand: Brand, channelId: string, event: StatusUpdateEvent, attempt: Attempt): Promise<Tally> {
  const tally: Tally = { sent: 0, skipped: 0, retrying: 0, failed: 0 };
  const key = { incidentId: event.update.incidentId, updateId: event.update.id, channel: channelId };
  if (channelId === SUBSCRIBERS_CHANNEL) {
    const subscribers = await webhookSubscribers(deps.store, brand.id, Object.keys(event.update.components));
    const viaFilter = { ...deps, fetch: deps.publicFetch ?? defaultPublicFetch() };
    await pool(subscribers, deps.concurrency ?? 50, async (s) => {
      const req = () => webhookRequest({ url: s.address, secret: s.secret, event, subscriber: s.id, publicUrl: deps.env.publicUrl, now: deps.now() });
      // The delivery record names the subscriber by id only: its URL may carry a credential.
      count(tally, await deliverOnce(viaFilter, { ...key, subscriber: s.id }, s.id, req, attempt, true));
    });
    return tally;
  }
  const channel = brand.channels.find((c) => c.id === channelId);
  if (!channel || !wants(channel, event)) return { ...tally, skipped: 1 };
  // A credential missing from config and outbound secret fails here, naming its env key, before any claim.
  const target = targetOf(brand, channel);
  // A post on the brand's own account (X, Facebook) threads under the incident's first post there.
  const thread = platformAdapters[channel.type]?.statusPost ? { replyTo: await deliveries.threadRoot(deps.store, key.incidentId, channel.id) } : undefined;
  const req = () =>
    channel.type === 'webhook'
      ? webhookRequest({ url: target, secret: channel.secret, event, subscriber: channel.id, publicUrl: deps.env.publicUrl, now: deps.now() })
      : channelRequest({ update: event.update, brand, env: deps.env, replyTo: thread?.replyTo }, channel);
  // By channel id only: a Slack/Teams/Discord URL is a credential (shown nowhere, stored nowhere).
  count(tally, await deliverOnce(deps, key, channel.id, req, attempt, channel.type === 'webhook', thread));
  return tally;
}

let filtered: Fetch | undefined;
const defaultPublicFetch = () => (filtered ??= guardedFetch());

/** The filter policy's conditions again: fauxqs cannot match String.Array, and config may change between deploys. */
export function wants(channel: ChannelConfig, event: StatusUpdateEvent): boolean {
  if (!impactsFrom(channel.minImpact).includes(event.update.impact)) return false;
  if (!channel.components?.length) return true;
  return channel.components.some((c) => c in event.update.components);
}

type Result = { state: 'sent' | 'skipped' | 'retrying' | 'failed'; retryAfterSeconds?: number };

/**
 * `resendSafe`: Standard Webhooks posts carry a stable webhook-id the receiver deduplicates on; a
 * post to a social account or a chat channel does not, so one that may have arrived (a timeout,
 * a sender cut off mid-send) is not posted again: it is `failed` (the DLQ alarms; check the
 * channel, then redrive).
 */
async function deliverOnce(
  deps: BroadcastDeps,
  key: DeliveryKey,
  target: string,
  request: () => OutboundRequest,
  attempt: Attempt,
  resendSafe: boolean,
  thread?: { replyTo?: string },
): Promise<Result> {
  const claim = await deliveries.claim(deps.store, { ...key, target }, deps.now(), attempt.leaseMs);
  if (!claim.claimed) {
    // sent: a redelivery, nothing to do. failed: keep failing so the message reaches the DLQ.
    // sending: another receiver holds the lease; try again after the visibility timeout.
    if (claim.state === 'sent') return { state: 'skipped' };
    return { state: claim.state === 'failed' ? 'failed' : 'retrying' };
  }
  const outcome = claim.cutOff && !resendSafe ? ({ kind: 'uncertain', error: 'the last sender stopped mid-send' } as const) : await send(deps.fetch, request(), deps.timeoutMs);
  if (outcome.kind === 'sent') {
    // Sent: if this record were lost, a redelivery would post the update to the channel again.
    // A platform post keeps its remote id: the thread's root for the incident's later updates.
    const post = thread ? { remoteId: outcome.remoteId, inReplyTo: thread.replyTo } : undefined;
    await recordDone(() => deliveries.record(deps.store, key, 'sent', deps.now(), undefined, post));
    return { state: 'sent' };
  }
  if (outcome.kind === 'uncertain' && !resendSafe) {
    await recordDone(() => deliveries.record(deps.store, key, 'failed', deps.now(), `outcome unknown, not reposted: ${outcome.error}`));
    return { state: 'failed' };
  }
  const last = attempt.receiveCount >= attempt.maxReceiveCount;
  const state = outcome.kind === 'reject' || last ? 'failed' : 'retrying';
  await deliveries.record(deps.store, key, state, deps.now(), outcome.error);
  return { state, retryAfterSeconds: outcome.kind === 'retry' ? outcome.retryAfterSeconds : undefined };
}

function count(tally: Tally, r: Result) {
  tally[r.state]++;
  if (r.retryAfterSeconds !== undefined) tally.retryAfterSeconds = Math.max(tally.retryAfterSeconds ?? 0, r.retryAfterSeconds);
}

/** Runs `fn` over `items` with at most `limit` in flight (shared/pool.ts; re-exported for its callers). */
export { pool };
