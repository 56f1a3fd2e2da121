import type { QueueSpec } from '../bus/topology.ts';

/** Queues of the broadcast side (status-updates topic); filled by the incidents capability. */
export const BROADCAST_QUEUES: QueueSpec[] = [];
