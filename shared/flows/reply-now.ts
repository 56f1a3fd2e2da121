import type { Intent } from '../store/outbox.ts';
import { assertDelivered, type OutboxDeps, type ReplyIntent, RetryLater, sendReply } from './outbox.ts';

/**
 * What a queue consumer does with an outbox answer: a reply sent (or decided) is done; one that
 * will be retried later is the outbox's now (the minute sweep finishes it), so the record is done
 * too; a reply that failed for good throws, so its record reaches the DLQ.
 */
export async function settle(sent: Promise<Intent>): Promise<void> {
  try {
    assertDelivered(await sent);
  } catch (e) {
    if (!(e instanceof RetryLater)) throw e;
  }
}

/** The outbox as a queue consumer sends through it: once per intent subject, ever. */
export function replySender(outbox: OutboxDeps): (intent: ReplyIntent) => Promise<void> {
  return (intent) => settle(sendReply(outbox, intent));
}
