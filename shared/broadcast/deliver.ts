import type { Brand } from '../config/brand.ts';
import type { StatusUpdateEvent } from '../incidents/event.ts';
import { impactsFrom } from '../incidents/model.ts';
import { SUBSCRIBERS_CHANNEL } from '../incidents/queues.ts';
import { webhookSubscribers } from '../incidents/subscribers.ts';
import type { Store } from '../store/client.ts';
import * as deliveries from '../store/deliveries.ts';
import { type ChannelConfig, type ChannelEnv, channelRequest, targetOf } from './channels.ts';
import { type Fetch, type OutboundRequest, send } from '../platforms/http.ts';
import { platformAdapters } from '../platforms/index.ts';
import { guardedFetch } from './public-target.ts';
import { webhookRequest } from './webhook.ts';
import { pool } from '../pool.ts';
import { type ContactSenders, deliverToContacts } from './contacts.ts';
import { type Attempt, deliverOnce, type Result } from './deliver-once.ts';

export type { Attempt } from './deliver-once.ts';

export interface BroadcastDeps extends ContactSenders {
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
      count(tally, await deliverOnce(viaFilter, { ...key, subscriber: s.id }, s.id, viaHttp(viaFilter, req), attempt, true));
    });
    // E-mail and phone subscribers ride on the same message: one claim per subscriber, as above.
    for (const r of await deliverToContacts(deps, brand, event, attempt)) count(tally, r);
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
  count(tally, await deliverOnce(deps, key, channel.id, viaHttp(deps, req), attempt, channel.type === 'webhook', thread));
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

const viaHttp = (deps: BroadcastDeps, request: () => OutboundRequest) => () => send(deps.fetch, request(), deps.timeoutMs);

function count(tally: Tally, r: Result) {
  tally[r.state]++;
  if (r.retryAfterSeconds !== undefined) tally.retryAfterSeconds = Math.max(tally.retryAfterSeconds ?? 0, r.retryAfterSeconds);
}

/** Runs `fn` over `items` with at most `limit` in flight (shared/pool.ts; re-exported for its callers). */
export { pool };
