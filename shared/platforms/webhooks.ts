import { genericWebhook } from './generic/webhook.ts';
import { googleWebhook } from './google/webhook.ts';
import { metaWebhook } from './meta/webhook.ts';
import { trustpilotWebhook } from './trustpilot/webhook.ts';
import type { WebhookPlatform } from './types.ts';
import { xWebhook } from './x/webhook.ts';

export { metaVerifyChallenge } from './meta/webhook.ts';
export { xCrcResponse } from './x/webhook.ts';
export { genericWebhook, googleWebhook, metaWebhook, trustpilotWebhook, xWebhook };

/**
 * The inbound side of every platform, by the route segment of POST /webhooks/:route: the webhook
 * function's view of the adapters (index.ts), kept apart so its bundle carries no reply client or
 * outbound token name (bench functions.webhooks.*). The registry test checks both agree. No
 * prototype, so a path like /webhooks/constructor finds nothing instead of an Object method.
 */
export const webhookPlatforms: Record<WebhookPlatform['route'], WebhookPlatform> = Object.assign(Object.create(null), {
  x: xWebhook,
  meta: metaWebhook,
  google: googleWebhook,
  trustpilot: trustpilotWebhook,
  generic: genericWebhook,
});

const ACCOUNT_KINDS_BY_PLATFORM = new Map(Object.values(webhookPlatforms).flatMap((w) => Object.entries(w.accounts)));

/** Every account kind a brand may list accounts under (the keys of the brand config's `accounts`). */
export const ACCOUNT_KINDS: string[] = [...new Set(ACCOUNT_KINDS_BY_PLATFORM.values())];

/** The brand-config `accounts` key a platform's accounts are listed under; undefined for generic sources. */
export const accountKindOf = (platform: string): string | undefined => ACCOUNT_KINDS_BY_PLATFORM.get(platform);
