import type { Brand } from '../config/brand.ts';
import type { StatusUpdateEvent } from '../incidents/event.ts';
import * as deliveries from '../store/deliveries.ts';
import { targetOf } from './channels.ts';
import { type BroadcastDeps, deliverToChannel } from './deliver.ts';

/** How an operator's retry went: `not-failed` when there was nothing to retry (sent meanwhile, or a send or retry still holding its lease). */
export type RetryOutcome = { retried: true; state: 'sent' | 'failed' | 'retrying' | 'skipped' } | { retried: false; why: 'not-failed' | 'unknown-channel' };

/** One try, recorded `failed` if it fails again (the operator decides on another); the lease as the channel queues'. */
const ONE_TRY = { receiveCount: 1, maxReceiveCount: 1, leaseMs: 30_000 };

/**
 * Delivers one failed (or stuck) update to one configured channel again, from the console's Retry.
 * The delivery is reopened conditionally (`failed` → `retrying`), so of two clicks only one gets past
 * it, and then claimed like any SQS receive (deliver-once.ts): a channel that got the update
 * meanwhile is never posted to twice. Subscribers (a claim each) are redriven from the DLQ instead.
 */
export async function retryDelivery(deps: BroadcastDeps, brand: Brand, event: StatusUpdateEvent, channelId: string): Promise<RetryOutcome> {
  const channel = brand.channels.find((c) => c.id === channelId);
  if (!channel) return { retried: false, why: 'unknown-channel' };
  // A missing credential throws here, naming its env key, before anything is reopened.
  targetOf(brand, channel);
  const key = { incidentId: event.update.incidentId, updateId: event.update.id, channel: channelId };
  if (!(await deliveries.reopenForRetry(deps.store, key, deps.now()))) return { retried: false, why: 'not-failed' };
  const tally = await deliverToChannel(deps, brand, channelId, event, ONE_TRY);
  const state = tally.sent ? 'sent' : tally.failed ? 'failed' : tally.retrying ? 'retrying' : 'skipped';
  return { retried: true, state };
}
