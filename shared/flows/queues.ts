import type { QueueSpec } from '../bus/topology.ts';

/**
 * The thank-you flow sees only what could be thanked: SNS drops the rest before it costs an
 * invocation. The policy is a prefilter on shared/bus/events.ts attributes; the flow checks every
 * rule again on the mention itself (confidence, rating, thread, cool-down, cap).
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

/** Queues of the flows (mention-events topic). The outage auto-reply declares its own (shared/incidents). */
export const FLOW_QUEUES: QueueSpec[] = [THANK_YOU_QUEUE, FOLLOW_UP_WATCH_QUEUE];
