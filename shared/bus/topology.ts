import type { QueueSpec, TopicKey } from './queue-spec.ts';
import { BROADCAST_QUEUES, FLOW_QUEUES } from './queues.ts';

export type { QueueSpec, TopicKey };

/**
 * The event bus of wecare, one place for local runtime, tests and CDK: topics, the queues
 * subscribed to them with their filter policies, and the function that consumes each queue.
 * Filter policies match the message attributes the code publishes (see shared/bus/publish.ts),
 * so a flow never polls and never sees events it does not act on.
 */
export const TOPICS = {
  mentionEvents: 'mention-events',
  statusUpdates: 'status-updates',
} as const satisfies Record<TopicKey, string>;

/** Env names carrying topic ARNs into the functions (contract with infra/). */
export const TOPIC_ENV: Record<TopicKey, string> = {
  mentionEvents: 'MENTION_EVENTS_TOPIC_ARN',
  statusUpdates: 'STATUS_UPDATES_TOPIC_ARN',
};

/** Every static queue of wecare (shared/bus/queues.ts); the per-channel ones follow from the brand config. */
export const QUEUES: QueueSpec[] = [...FLOW_QUEUES, ...BROADCAST_QUEUES];

/** Functions fed by the table's stream, each with its own event source mapping (Lambda allows two per stream). */
export const STREAM_CONSUMERS = ['triage', 'enrich'] as const;

/** Where a stream mapping puts a batch it gave up on (Lambda's on-failure record): `npm run redrive -- stream-failures`. */
export const STREAM_FAILURES = 'stream-failures';

export const dlqName = (queue: string) => `${queue}-dlq`;
