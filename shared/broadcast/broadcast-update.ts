import type { StatusUpdateEvent } from '../bus/events.ts';
import type { Brands } from '../config/load.ts';
import { channelOfQueue } from '../incidents/queues.ts';
import { type BroadcastDeps, deliverToChannel, type Tally } from './deliver.ts';

/** What broadcast delivery needs, built once at cold start (functions/broadcast) or by a test. */
export interface BroadcastContext extends BroadcastDeps {
  brands: Brands;
  /** Receives before the DLQ, as the queue's redrive policy says (channelQueues: 5). */
  maxReceiveCount?: number;
  /** How long a claim holds before another receiver may take over a crashed send. */
  visibilityTimeoutSeconds?: number;
}

/** One channel's outcome for one update; the caller retries the message while anything is unsent. */
export interface ChannelOutcome {
  channel: string;
  tally: Tally;
}

/**
 * Broadcast delivery of one status update from one channel queue: one SQS queue per brand
 * channel feeds the broadcast function (shared/incidents/queues.ts), and the queue the message
 * came from says which channel to deliver to. Undefined for another brand's update that a
 * misconfigured subscription let through.
 */
export async function broadcastUpdate(ctx: BroadcastContext, queue: string, event: StatusUpdateEvent, receiveCount: number): Promise<ChannelOutcome | undefined> {
  const target = channelOfQueue(ctx.brands.all, queue);
  if (!target) throw new Error(`no brand channel feeds from ${queue}`);
  if (event.update.brand !== target.brand.id) return undefined;
  const tally = await deliverToChannel(ctx, target.brand, target.channel, event, {
    receiveCount,
    maxReceiveCount: ctx.maxReceiveCount ?? 5,
    leaseMs: (ctx.visibilityTimeoutSeconds ?? 30) * 1000,
  });
  return { channel: target.channel, tally };
}
