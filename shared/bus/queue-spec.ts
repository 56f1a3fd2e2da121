/** Topics of wecare's bus (shared/bus/topology.ts TOPICS names them). */
export type TopicKey = 'mentionEvents' | 'statusUpdates';

/**
 * One SQS queue subscribed to a topic. A leaf: the bus declares the static queues
 * (shared/bus/queues.ts), the incidents capability derives one per brand channel from the config
 * (shared/incidents/queues.ts), and neither imports the other.
 */
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
