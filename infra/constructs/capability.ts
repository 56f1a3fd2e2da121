import type { BusQueue } from './event-bus.ts';
import type { WecareFunction } from './wecare-function.ts';

/**
 * Every function wecare deploys (folders under functions/); tests/infra asserts each is in the
 * template. There is no outbox function: the outbox is a table-backed module the senders call
 * in-process (shared/flows/outbox.ts) and the minute sweep retries what is due (gsi5).
 */
export const FUNCTION_NAMES = ['webhooks', 'enrich', 'api', 'triage', 'thank-you', 'follow-up-sweep', 'broadcast', 'outage-reply', 'mail-events'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Subscribes `fn` to every queue the code declares for it (QueueSpec.fn). */
export function consumeQueues(fn: WecareFunction, queues: BusQueue[]): void {
  for (const { queue, spec } of queues.filter((q) => q.spec.fn === fn.wecareName)) fn.consumes(queue, spec);
}
