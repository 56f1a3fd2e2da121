import * as z from 'zod/mini';
import type { Store } from '../../store/client.ts';
import * as subscribers from '../../store/subscribers.ts';

/**
 * SES bounce and complaint events (the configuration set's event destination, published on SNS):
 * a permanent bounce or a complaint suppresses the subscriber the mail went to, for good. A
 * transient bounce (a full mailbox, a greylisting server) is SES's to retry, not ours to punish.
 * Both SES formats are read: event publishing (`eventType`) and identity notifications
 * (`notificationType`). The subscriber comes from the mail's tags (contacts.ts sets `brand` and
 * `subscriber`), so the handler never looks an address up and never logs one.
 */
const Tags = z.optional(z.record(z.string(), z.array(z.string())));
export const SesFeedback = z.looseObject({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  bounce: z.optional(z.looseObject({ bounceType: z.string(), bounceSubType: z.optional(z.string()) })),
  complaint: z.optional(z.looseObject({ complaintFeedbackType: z.optional(z.string()) })),
  mail: z.looseObject({ messageId: z.optional(z.string()), tags: Tags }),
});
export type SesFeedback = z.infer<typeof SesFeedback>;

export type FeedbackOutcome =
  | { action: 'suppressed'; brand: string; subscriber: string; reason: string }
  | { action: 'ignored'; why: string };

/** What the event asks for: a reason to suppress, or why not. */
export function suppressionReason(e: SesFeedback): string | { ignore: string } {
  const type = e.eventType ?? e.notificationType ?? '';
  if (type === 'Complaint') return `complaint${e.complaint?.complaintFeedbackType ? ` (${e.complaint.complaintFeedbackType})` : ''}`;
  if (type !== 'Bounce') return { ignore: `event ${type || 'without a type'} changes nothing` };
  const kind = e.bounce?.bounceType ?? 'Undetermined';
  // Undetermined: SES could not tell and will not retry; mailing it again would bounce again.
  if (kind === 'Transient') return { ignore: 'transient bounce: SES retries it' };
  return `bounce ${kind}${e.bounce?.bounceSubType ? `/${e.bounce.bounceSubType}` : ''}`;
}

export async function applySesFeedback(deps: { store: Store; now: () => Date }, event: SesFeedback): Promise<FeedbackOutcome> {
  const reason = suppressionReason(event);
  if (typeof reason !== 'string') return { action: 'ignored', why: reason.ignore };
  const brand = event.mail.tags?.brand?.[0];
  const subscriber = event.mail.tags?.subscriber?.[0];
  if (!brand || !subscriber) return { action: 'ignored', why: 'no brand and subscriber tags: not a status mail' };
  const found = await subscribers.suppress(deps.store, brand, subscriber, reason, deps.now());
  return found ? { action: 'suppressed', brand, subscriber, reason } : { action: 'ignored', why: 'subscriber is gone' };
}
