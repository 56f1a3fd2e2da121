import type { Outcome } from '../platforms/http.ts';
import { recordDone, type Store } from '../store/client.ts';
import * as deliveries from '../store/deliveries.ts';
import type { DeliveryKey } from '../store/deliveries.ts';

/** Which receive of the SQS message this is; the last one records `failed` instead of `retrying`. */
export interface Attempt {
  receiveCount: number;
  maxReceiveCount: number;
  /** How long a claim holds before another receiver may take over a crashed send (the visibility timeout). */
  leaseMs: number;
}

export type Result = { state: 'sent' | 'skipped' | 'retrying' | 'failed'; retryAfterSeconds?: number };


/**
 * `resendSafe`: Standard Webhooks posts carry a stable webhook-id the receiver deduplicates on; a
 * post to a social account or a chat channel does not, so one that may have arrived (a timeout,
 * a sender cut off mid-send) is not posted again: it is `failed` (the DLQ alarms; check the
 * channel, then redrive).
 */
export async function deliverOnce(
  deps: { store: Store; now: () => Date },
  key: DeliveryKey,
  target: string,
  sendIt: () => Promise<Outcome>,
  attempt: Attempt,
  resendSafe: boolean,
  thread?: { replyTo?: string },
): Promise<Result> {
  const claim = await deliveries.claim(deps.store, { ...key, target }, deps.now(), attempt.leaseMs);
  if (!claim.claimed) {
    // sent: a redelivery, nothing to do. failed: keep failing so the message reaches the DLQ.
    // sending: another receiver holds the lease; try again after the visibility timeout.
    if (claim.state === 'sent') return { state: 'skipped' };
    return { state: claim.state === 'failed' ? 'failed' : 'retrying' };
  }
  const outcome = claim.cutOff && !resendSafe ? ({ kind: 'uncertain', error: 'the last sender stopped mid-send' } as const) : await sendIt();
  if (outcome.kind === 'sent') {
    // Sent: if this record were lost, a redelivery would post the update to the channel again.
    // A platform post keeps its remote id: the thread's root for the incident's later updates.
    const post = thread ? { remoteId: outcome.remoteId, inReplyTo: thread.replyTo } : undefined;
    await recordDone(() => deliveries.record(deps.store, key, 'sent', deps.now(), undefined, post));
    return { state: 'sent' };
  }
  if (outcome.kind === 'uncertain' && !resendSafe) {
    await recordDone(() => deliveries.record(deps.store, key, 'failed', deps.now(), `outcome unknown, not reposted: ${outcome.error}`));
    return { state: 'failed' };
  }
  const last = attempt.receiveCount >= attempt.maxReceiveCount;
  const state = outcome.kind === 'reject' || last ? 'failed' : 'retrying';
  await deliveries.record(deps.store, key, state, deps.now(), outcome.error);
  return { state, retryAfterSeconds: outcome.kind === 'retry' ? outcome.retryAfterSeconds : undefined };
}

