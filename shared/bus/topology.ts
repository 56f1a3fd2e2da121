import { FLOW_QUEUES } from '../flows/queues.ts';
import { BROADCAST_QUEUES } from '../incidents/queues.ts';

/**
 * The event bus of wecare, one place for local runtime, tests and CDK: topics, the queues
 * subscribed to them with their filter policies, and the function that consumes each queue.
 * Filter policies match the message attributes the code publishes (see shared/bus/publish.ts),
 * so a flow never polls and never sees events it does not act on.
 */
export const TOPICS = {
  mentionEvents: 'mention-events',
  statusUpdates: 'status-updates',
} as const;
export type TopicKey = keyof typeof TOPICS;

/** Env names carrying topic ARNs into the functions (contract with infra/). */
export const TOPIC_ENV: Record<TopicKey, string> = {
  mentionEvents: 'MENTION_EVENTS_TOPIC_ARN',
  statusUpdates: 'STATUS_UPDATES_TOPIC_ARN',
};

export interface QueueSpec {
  /** Queue name; its dead-letter queue is `<name>-dlq`. */
  name: string;
  topic: TopicKey;
  /** SNS filter policy on message attributes, or none to receive everything. */
  filterPolicy?: Record<string, unknown>;
  /** The consuming function folder under functions/, whose handler.ts exports `handler(SQSEvent)`. */
  fn: string;
  /** Receives before a message moves to the DLQ. */
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
  /** Lambda concurrency cap for rate-limited platforms. */
  maxConcurrency?: number;
}

/** Every queue of wecare; each capability declares its own next to its code. */
export const QUEUES: QueueSpec[] = [...FLOW_QUEUES, ...BROADCAST_QUEUES];

/** Functions fed by the table's stream, each with its own event source mapping (Lambda allows two per stream). */
export const STREAM_CONSUMERS = ['triage', 'enrich'] as const;

/** Where a stream mapping puts a batch it gave up on (Lambda's on-failure record): `npm run redrive -- stream-failures`. */
export const STREAM_FAILURES = 'stream-failures';

export const dlqName = (queue: string) => `${queue}-dlq`;
