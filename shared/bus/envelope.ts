import * as z from 'zod/mini';
import { describeIssues } from '../errors.ts';

/** The SNS notification SQS receives when raw delivery is off (wecare's subscriptions). */
const SnsNotification = z.object({ Message: z.string() });

/**
 * The message an SQS record body carries: the SNS notification's `Message`, or the body itself
 * when it is no notification (raw delivery, a message sent to the queue by hand or by a test).
 */
export function snsMessage(body: string): unknown {
  const outer = JSON.parse(body) as unknown;
  const notification = SnsNotification.safeParse(outer);
  return notification.success ? (JSON.parse(notification.data.Message) as unknown) : outer;
}

/**
 * The one decoder of the bus: SQS record body → SNS notification → the event, checked against
 * its schema (shared/bus/events.ts). A body that is none of `schemas` throws, so its record
 * fails and, after the queue's receives, reaches the DLQ.
 */
export function decodeEvent<S extends [z.ZodMiniType, ...z.ZodMiniType[]]>(body: string, ...schemas: S): z.infer<S[number]> {
  const message = snsMessage(body);
  let issues: z.core.$ZodIssue[] = [];
  for (const schema of schemas) {
    const parsed = schema.safeParse(message);
    if (parsed.success) return parsed.data as z.infer<S[number]>;
    // The schema whose `type` matched says what is wrong; another's "wrong type" says nothing.
    if (!issues.length || !parsed.error.issues.some((i) => i.path[0] === 'type')) issues = parsed.error.issues;
  }
  const type = (message as { type?: unknown } | null)?.type;
  throw new Error(`not an event this consumer takes (type ${JSON.stringify(type)}): ${describeIssues(issues)}`);
}
