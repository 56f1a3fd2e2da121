import type { WebhookSecrets } from '../env.ts';
import type { Author, OutboundMessage, PlatformEvent } from '../mention.ts';

/** The inbound secrets, read by the env module at cold start (shared/env.ts). */
export type { WebhookSecrets };

/** What a webhook route hands a platform: the raw bytes (signatures are over them) and accessors. */
export interface InboundWebhook {
  /** Exactly the bytes received, decoded as UTF-8; never re-serialized JSON. */
  rawBody: string;
  header(name: string): string | undefined;
  query(name: string): string | undefined;
}

/**
 * One platform's inbound side. `secret` picks the secret its signature check needs (absent: the
 * route answers 404). `verify` throws WecareError('unauthorized') and runs before `parse`; it may be
 * async (Google's push JWT needs the issuer's keys);
 * `parse` throws WecareError('bad_request') naming the field, and returns every event in the body
 * (a Meta batch carries up to 1000). `now` is injected so replay windows are testable.
 */
export interface WebhookPlatform {
  route: 'x' | 'meta' | 'google' | 'trustpilot' | 'generic';
  /**
   * The platforms this route receives, each with the `accounts` key of the brand config its events'
   * accountId is listed under (Messenger comes to the Facebook page). Generic sources have none:
   * their accounts are listed as "<platform>:<accountId>" under `generic`.
   */
  accounts: Record<string, string>;
  secret(secrets: WebhookSecrets): string | undefined;
  verify(req: InboundWebhook, secrets: WebhookSecrets, now: Date): void | Promise<void>;
  parse(req: InboundWebhook, now: Date): PlatformEvent[];
}

/** The reply wecare means to post lives beside the mention (the outbox stores it too). */
export type { OutboundMessage } from '../mention.ts';

/**
 * Base URLs and outbound tokens, read once at cold start (readReplyEnv) from the env names each
 * adapter declares. Keyed by the API an adapter talks to (`x`, `meta`, `google`, `trustpilot`):
 * the four Meta platforms share one Graph API and one token.
 */
export interface ReplyEnv {
  urls: Record<string, string>;
  tokens: Record<string, string | undefined>;
  /** Optional settings an adapter declares (`env.settings`), by env name. */
  settings?: Record<string, string | undefined>;
}

/** What a platform API call needs: replies, text fetches. */
export interface ReplyDeps {
  env: ReplyEnv;
  fetch: typeof fetch;
  /** Per request; a hung platform must not eat the Lambda's whole timeout. */
  timeoutMs?: number;
}

export interface ReplyResult {
  replyId: string;
}

/**
 * What a client can say about a send whose outcome is unknown (the process died between
 * send and mark): `resend` when the call is idempotent on the platform (PUT of the one
 * review reply), a lookup when the platform lets us read our own replies, else `unknown`.
 */
export type Recovery = 'resend' | 'unknown' | ((deps: ReplyDeps, msg: OutboundMessage) => Promise<ReplyResult | undefined>);

/** How wecare sends a reply on a platform, and what it may do when a send's outcome is unknown. */
export interface ReplyClient {
  send(deps: ReplyDeps, msg: OutboundMessage): Promise<ReplyResult>;
  recovery(msg: OutboundMessage): Recovery;
}

/** What a platform API returned for a mention its webhook only named. */
export interface FetchedText {
  text: string;
  author: Author;
  rating?: number;
  url?: string;
  editedAt?: string;
}
