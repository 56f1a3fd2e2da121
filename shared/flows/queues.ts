import type { QueueSpec } from '../bus/topology.ts';

/** Queues of the flows (mention-events topic): thank-you, outage auto-reply, outbox sender. */
export const FLOW_QUEUES: QueueSpec[] = [];
