import type { QueueSpec } from './queue-spec.ts';

/**
 * The queues that exist whatever the brand config says, by name, filter policy and consuming
 * function. Declared here, on the bus, rather than beside each flow: the flows and incidents
 * import the bus (to publish), so the bus imports neither. Filter policies are prefilters on the
 * attributes of shared/bus/events.ts; each consumer checks its rules again on the stored mention.
 */

/**
 * The thank-you flow sees only what could be thanked: SNS drops the rest before it costs an
 * invocation. The flow checks every rule again on the mention itself (confidence, rating,
 * thread, cool-down, cap).
 */
export const THANK_YOU_QUEUE: QueueSpec = {
  name: 'thank-you',
  topic: 'mentionEvents',
  filterPolicy: {
    type: ['mention.triaged'],
    sentiment: ['positive'],
    intent: ['compliment', 'other'],
    sarcasm: ['false'],
    kind: ['post', 'comment', 'reply', 'mention', 'review'],
  },
  fn: 'thank-you',
  maxReceiveCount: 5,
  // Above one invocation with its inline retries (about 10 s of backoff plus the calls).
  visibilityTimeoutSeconds: 90,
  // Platforms rate-limit replies per account; a burst of praise must not become a burst of 429s.
  maxConcurrency: 5,
};

/**
 * Every triaged customer message, for the follow-up function: a new message cancels a waiting
 * follow-up or is recorded as the answer to one. Consumed by the same function as the minute
 * sweep (functions/follow-up-sweep), which owns the follow-up lifecycle.
 */
export const FOLLOW_UP_WATCH_QUEUE: QueueSpec = {
  name: 'follow-up-watch',
  topic: 'mentionEvents',
  filterPolicy: { type: ['mention.triaged'] },
  fn: 'follow-up-sweep',
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 30,
};

/**
 * The outage auto-reply consumes triaged complaints and questions from mention-events; it matches
 * them to active incidents itself (the triage tag `incident` is used when present), so it
 * filters on intent and sentiment only. Static: it does not depend on the brands.
 */
export const OUTAGE_REPLY_QUEUE: QueueSpec = {
  name: 'outage-reply',
  topic: 'mentionEvents',
  filterPolicy: {
    type: ['mention.triaged'],
    $or: [{ intent: ['complaint', 'question'] }, { sentiment: ['negative'] }, { incident: [{ 'anything-but': 'none' }] }],
  },
  fn: 'outage-reply',
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 60,
};

/** Resolved incidents, for the one "it is fixed" notice to every affected author. */
export const OUTAGE_RESOLVED_QUEUE: QueueSpec = {
  name: 'outage-resolved',
  topic: 'statusUpdates',
  filterPolicy: { kind: ['resolved'] },
  fn: 'outage-reply',
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 120,
};

/** Queues of the flows (mention-events topic). */
export const FLOW_QUEUES: QueueSpec[] = [THANK_YOU_QUEUE, FOLLOW_UP_WATCH_QUEUE];
/** Queues of the outage auto-reply; the per-channel broadcast queues come from shared/incidents/queues.ts. */
export const BROADCAST_QUEUES: QueueSpec[] = [OUTAGE_REPLY_QUEUE, OUTAGE_RESOLVED_QUEUE];
