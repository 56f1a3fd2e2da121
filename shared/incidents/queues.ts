import { createHash } from 'node:crypto';
import type { QueueSpec } from '../bus/queue-spec.ts';
import type { Brand } from '../config/brand.ts';
import type { Brands } from '../config/load.ts';
import { impactsFrom } from './model.ts';

type ChannelConfig = Brand['channels'][number];

/** Pseudo-channel id of a brand's webhook subscribers (stored through POST /status/:brand/subscribe). */
export const SUBSCRIBERS_CHANNEL = '~subscribers';

/**
 * SQS names allow [A-Za-z0-9_-], 80 chars with room for a test prefix and `-dlq`. Brand ids are
 * slugs without `_`, so `broadcast-<brand>_<channel>` is unambiguous; long ids are hashed.
 */
export function channelQueueName(brand: string, channel: string): string {
  const id = channel === SUBSCRIBERS_CHANNEL ? 'subscribers' : channel.replace(/[^A-Za-z0-9-]/g, '-');
  const name = `broadcast-${brand}_${channel === SUBSCRIBERS_CHANNEL ? '' : 'c-'}${id}`;
  return name.length <= 56 ? name : `broadcast-${brand.slice(0, 20)}_h-${createHash('sha256').update(`${brand}/${channel}`).digest('hex').slice(0, 20)}`;
}

/** X and Facebook throttle posting; chat webhooks tolerate bursts. Lambda concurrency per queue. */
const CONCURRENCY: Partial<Record<ChannelConfig['type'], number>> = { x: 2, facebook: 2, discord: 2 };

/**
 * One SQS queue per brand channel (plus one for the brand's webhook subscribers), subscribed to
 * status-updates with a filter policy: the brand, impacts at or above the channel's minImpact,
 * and the channel's components when it names some. Used by the local runtime and the CDK stack.
 *
 * Components: real SNS matches a String.Array attribute element by element, fauxqs 1.9.2 compares
 * the whole JSON text and would drop everything. So by default the policy routes on brand and
 * impact, and the broadcast handler enforces the channel's components (it always does, see
 * shared/broadcast/deliver.ts): correct on both. The CDK stack passes `arrayFilters: true` to
 * also filter components in SNS and save the invocations.
 */
export function channelQueues(brands: Brands | Brand[], opts: { arrayFilters?: boolean } = {}): QueueSpec[] {
  const list = Array.isArray(brands) ? brands : brands.all;
  return list.flatMap((brand) => [
    ...brand.channels.map((channel) => channelQueue(brand.id, channel, opts.arrayFilters ?? false)),
    subscribersQueue(brand.id),
  ]);
}

function channelQueue(brand: string, channel: ChannelConfig, arrayFilters: boolean): QueueSpec {
  const policy: Record<string, unknown> = { brand: [brand] };
  if (channel.minImpact !== 'none') policy.impact = impactsFrom(channel.minImpact);
  if (arrayFilters && channel.components?.length) policy.components = channel.components;
  return {
    name: channelQueueName(brand, channel.id),
    topic: 'statusUpdates',
    filterPolicy: policy,
    fn: 'broadcast',
    // Enough attempts to ride out a platform's 429 window (retry-after sets the visibility).
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 30,
    maxConcurrency: CONCURRENCY[channel.type],
  };
}

function subscribersQueue(brand: string): QueueSpec {
  return {
    name: channelQueueName(brand, SUBSCRIBERS_CHANNEL),
    topic: 'statusUpdates',
    filterPolicy: { brand: [brand] },
    fn: 'broadcast',
    maxReceiveCount: 5,
    // One message fans out to every subscriber of the brand (1,000 in the bench): give it time.
    visibilityTimeoutSeconds: 120,
  };
}

/** The channel a queue feeds, from the record's eventSourceARN (ARN or URL; test prefixes allowed). */
export function channelOfQueue(brands: Brand[], source: string): { brand: Brand; channel: string } | undefined {
  const name = source.split(/[:/]/).pop() ?? '';
  for (const brand of brands) {
    for (const channel of [...brand.channels.map((c) => c.id), SUBSCRIBERS_CHANNEL]) {
      if (name.endsWith(channelQueueName(brand.id, channel))) return { brand, channel };
    }
  }
  return undefined;
}
