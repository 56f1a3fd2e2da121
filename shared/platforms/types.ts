import type { PlatformEvent } from '../mention.ts';

/** What a webhook route hands a platform: the raw bytes (signatures are over them) and accessors. */
export interface InboundWebhook {
  /** Exactly the bytes received, decoded as UTF-8; never re-serialized JSON. */
  rawBody: string;
  header(name: string): string | undefined;
  query(name: string): string | undefined;
}

/**
 * Secrets from the environment, read once at cold start (see shared/env.ts). An absent one switches
 * its platform's routes off (404): nothing is ever checked against an empty or missing secret.
 */
export interface WebhookSecrets {
  xConsumerSecret?: string;
  metaAppSecret?: string;
  metaVerifyToken?: string;
  /** Standard Webhooks secret, `whsec_…`. */
  webhookSecret?: string;
  googlePushToken?: string;
  trustpilotWebhookToken?: string;
  /** Pub/Sub push OIDC check, on when GOOGLE_PUSH_AUDIENCE is set. */
  googlePush?: { audience: string; serviceAccount: string; jwksUrl: string };
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
  secret(secrets: WebhookSecrets): string | undefined;
  verify(req: InboundWebhook, secrets: WebhookSecrets, now: Date): void | Promise<void>;
  parse(req: InboundWebhook, now: Date): PlatformEvent[];
}
