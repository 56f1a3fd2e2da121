import { Annotations } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { BusQueue } from './event-bus.ts';
import { hasEntry, entryOf, WecareFunction, type WecareFunctionProps } from './wecare-function.ts';

/**
 * Every function wecare deploys (folders under functions/); tests/infra asserts each is in the
 * template. There is no outbox function: the outbox is a table-backed module the senders call
 * in-process (shared/flows/outbox.ts) and the minute sweep retries what is due (gsi5).
 */
export const FUNCTION_NAMES = ['webhooks', 'enrich', 'api', 'triage', 'thank-you', 'follow-up-sweep', 'broadcast', 'outage-reply'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/**
 * TEMPORARY, while the other capabilities land in parallel: a function whose handler.ts does not
 * exist yet is left out of the synth with a loud warning instead of failing it. tests/infra
 * "deploys every function" fails for as long as any is missing. Remove once all handlers exist.
 */
export function wecareFunction(scope: Construct, id: string, props: WecareFunctionProps): WecareFunction | undefined {
  if (!hasEntry(props.name)) {
    const message = `!!! wecare: ${entryOf(props.name)} does not exist yet: function "${props.name}" is NOT in this synth !!!`;
    Annotations.of(scope).addWarningV2(`wecare:missing-handler:${props.name}`, message);
    if (!process.env.VITEST) console.warn(message);
    return undefined;
  }
  return new WecareFunction(scope, id, props);
}

/** Subscribes `fn` to every queue the code declares for it (QueueSpec.fn). */
export function consumeQueues(fn: WecareFunction | undefined, queues: BusQueue[]): void {
  if (!fn) return;
  for (const { queue, spec } of queues.filter((q) => q.spec.fn === fn.wecareName)) fn.consumes(queue, spec);
}
