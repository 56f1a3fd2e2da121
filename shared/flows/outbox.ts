/**
 * The outbox: the one way wecare posts a reply on a customer's platform. Every flow (thank-you,
 * agent reply, follow-up, outage auto-reply) calls
 *
 *   sendReply(deps, { flow, subject, brand, mentionId, message })  →  Intent
 *
 * `subject` + `flow` make the intent id (`intentId`): the same subject and flow is one reply,
 * ever. Use the mention id as subject for "once per mention"; the outage auto-reply uses
 * `<incidentId>:<platform>:<authorId>` for "once per author per incident".
 *
 * What sendReply guarantees:
 * - conditional create, then a claim with a lease, then the send, then `sent` with the platform's
 *   reply id: a redelivered event or a second caller finds the intent and never posts again;
 * - a 429 or 5xx is retried with exponential backoff (Retry-After honoured); short waits happen
 *   inline, long ones leave the intent `pending` with a due retry on gsi5 (the minute sweep picks
 *   it up) and throw `RetryLater` so a queue consumer lets SQS redeliver;
 * - after `maxAttempts` tries, or on a 4xx, the intent is `failed` with the error, never silent;
 *   queue consumers then fail the record (`assertDelivered`) so it lands in the DLQ;
 * - a claim whose lease ran out (the sender died between send and mark) is resolved per
 *   platform: resent where the call is idempotent (Google, Trustpilot review replies), looked up
 *   where we can read our own replies (Facebook/Instagram comments), otherwise marked `failed`
 *   as "outcome unknown" and not resent: at-most-once beats a doubled public reply.
 */
import { createHash } from 'node:crypto';
import { WecareError } from '../errors.ts';
import { recordDone } from '../store/client.ts';
import { claimIntent, createIntent, getIntent, type Intent, markFailed, markRetry, markSent } from '../store/outbox.ts';
import type { Store } from '../store/client.ts';
import { isRetryable, PlatformError } from '../platforms/api.ts';
import { replyClient } from '../platforms/index.ts';
import type { OutboundMessage, ReplyDeps } from '../platforms/types.ts';

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
  /** Longer waits are not slept through inside a function invocation. */
  maxInlineWaitMs: number;
  leaseMs: number;
}

/** How a failed intent that may have been posted after all starts its `lastError`. */
export const OUTCOME_UNKNOWN = 'outcome unknown';

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseMs: 500, maxMs: 15 * 60_000, maxInlineWaitMs: 8_000, leaseMs: 60_000 };

export interface OutboxDeps {
  store: Store;
  reply: ReplyDeps;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
  retry?: Partial<RetryPolicy>;
}

export interface ReplyIntent {
  flow: string;
  subject: string;
  brand: string;
  mentionId: string;
  message: OutboundMessage;
  /** Record what would be sent, send nothing (brand dry-run). */
  dryRun?: boolean;
}

/** Thrown when the reply will be retried later; SQS consumers let it fail the record. */
export class RetryLater extends WecareError {
  constructor(message: string) {
    super('unavailable', message);
    this.name = 'RetryLater';
  }
}

export function intentId(subject: string, flow: string): string {
  return `${flow}-${createHash('sha256').update(subject).digest('base64url').slice(0, 24)}`;
}

export function newIntent(intent: ReplyIntent, now: Date): Intent {
  const at = now.toISOString();
  return {
    id: intentId(intent.subject, intent.flow),
    flow: intent.flow,
    brand: intent.brand,
    mentionId: intent.mentionId,
    platform: intent.message.platform,
    message: intent.message,
    state: intent.dryRun ? 'dry-run' : 'pending',
    attempts: 0,
    createdAt: at,
    updatedAt: at,
  };
}

/** Creates the intent if new and delivers it; a known intent is resumed or returned as it stands. */
export async function sendReply(deps: OutboxDeps, intent: ReplyIntent): Promise<Intent> {
  const { intent: stored } = await createIntent(deps.store, newIntent(intent, deps.now()));
  return deliver(deps, stored.id);
}

const FINAL = new Set(['sent', 'failed', 'skipped', 'dry-run']);

/** Delivers a stored intent (the sweep's and the flows' entry point). */
export async function deliver(deps: OutboxDeps, id: string): Promise<Intent> {
  const policy = { ...DEFAULT_RETRY, ...deps.retry };
  let ignoreDue = false;
  for (;;) {
    const claim = await claimIntent(deps.store, id, deps.now(), policy.leaseMs, ignoreDue);
    if (!claim) return settled(deps.store, id);
    const { intent, recovered } = claim;
    const outcome = recovered ? await recover(deps, intent) : await attempt(deps, intent);
    if (outcome.done) return outcome.intent;
    const wait = backoff(intent.attempts, policy, outcome.error);
    const retryAt = new Date(deps.now().getTime() + wait);
    await markRetry(deps.store, id, intent.attempts, outcome.error.message, retryAt, deps.now(), outcome.uncertain);
    if (wait > policy.maxInlineWaitMs) throw new RetryLater(`${intent.platform}: retry at ${retryAt.toISOString()} (${outcome.error.message})`);
    await (deps.sleep ?? sleep)(wait);
    ignoreDue = true;
  }
}

/** Why an intent was not claimable: final (return it), or in flight / not yet due (retry later). */
async function settled(store: Store, id: string): Promise<Intent> {
  const current = await getIntent(store, id);
  if (!current) throw new WecareError('not_found', `outbox intent ${id} does not exist`);
  if (FINAL.has(current.state)) return current;
  const when = current.state === 'sending' ? `in flight until ${current.leaseUntil}` : `next try at ${current.nextAttemptAt}`;
  throw new RetryLater(`outbox intent ${id} ${when}`);
}

/** `uncertain`: a post may exist and could not be looked up; the retry must look again before sending. */
type Outcome = { done: true; intent: Intent } | { done: false; error: Error; uncertain?: boolean };

/** One send. `checked`: a recovery already looked, so an uncertain outcome is retried like any other. */
async function attempt(deps: OutboxDeps, intent: Intent, checked = false): Promise<Outcome> {
  const policy = { ...DEFAULT_RETRY, ...deps.retry };
  try {
    const client = replyClient(intent.platform);
    const { replyId } = await client.send(deps.reply, intent.message!);
    return { done: true, intent: await finish(deps, () => markSent(deps.store, intent.id, intent.attempts, replyId, deps.now()), intent.id) };
  } catch (e) {
    const error = e as Error;
    // A timeout after sending: the post may be up. Same question as a sender that died mid-send.
    const uncertain = e instanceof PlatformError && e.failure === 'uncertain';
    if (uncertain && !checked) return recover(deps, intent);
    if (isRetryable(e) && intent.attempts < policy.maxAttempts) return { done: false, error, uncertain };
    const why = `attempt ${intent.attempts}: ${error.message}`;
    return { done: true, intent: await finish(deps, () => markFailed(deps.store, intent.id, intent.attempts, why, deps.now()), intent.id) };
  }
}

/** The last send's outcome is unknown (its sender died, or it timed out): decide per platform whether sending again is safe. */
async function recover(deps: OutboxDeps, intent: Intent): Promise<Outcome> {
  const recovery = replyClient(intent.platform).recovery(intent.message!);
  if (recovery === 'resend') return attempt(deps, intent, true);
  if (recovery === 'unknown') {
    const why = `${OUTCOME_UNKNOWN}: the last send may have reached the platform; not resent (at-most-once on this platform)`;
    return { done: true, intent: await finish(deps, () => markFailed(deps.store, intent.id, intent.attempts, why, deps.now()), intent.id) };
  }
  try {
    const found = await recovery(deps.reply, intent.message!);
    if (!found) return attempt(deps, intent, true);
    return { done: true, intent: await finish(deps, () => markSent(deps.store, intent.id, intent.attempts, found.replyId, deps.now()), intent.id) };
  } catch (e) {
    const policy = { ...DEFAULT_RETRY, ...deps.retry };
    if (intent.attempts < policy.maxAttempts) return { done: false, error: e as Error, uncertain: true };
    const why = `${OUTCOME_UNKNOWN}: could not check whether the last send arrived (${(e as Error).message}); not resent`;
    return { done: true, intent: await finish(deps, () => markFailed(deps.store, intent.id, intent.attempts, why, deps.now()), intent.id) };
  }
}

/**
 * The reply is posted: record it through storage blips, or a redelivery would post it again.
 * A mark that lost its condition means a newer attempt owns the intent: report what is stored.
 */
async function finish(deps: OutboxDeps, mark: () => Promise<Intent | undefined>, id: string): Promise<Intent> {
  return (await recordDone(mark)) ?? (await getIntent(deps.store, id))!;
}

export function backoff(attempts: number, policy: RetryPolicy, error: Error): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  // Jitter keeps a burst of throttled replies from retrying in lockstep.
  const jittered = Math.round(exponential / 2 + Math.random() * (exponential / 2));
  const asked = error instanceof PlatformError ? error.retryAfterMs : undefined;
  return Math.min(policy.maxMs, Math.max(jittered, asked ?? 0));
}

/** For queue consumers: a failed reply must fail the record, so the message reaches the DLQ. */
export function assertDelivered(intent: Intent): Intent {
  if (intent.state === 'failed') throw new WecareError('unavailable', `reply ${intent.id} failed: ${intent.lastError ?? 'unknown error'}`);
  return intent;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
