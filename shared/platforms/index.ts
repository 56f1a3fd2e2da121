import { genericWebhook } from './generic/index.ts';
import { googleWebhook } from './google/index.ts';
import { metaWebhook } from './meta/index.ts';
import { trustpilotWebhook } from './trustpilot/index.ts';
import type { WebhookPlatform } from './types.ts';
import { xWebhook } from './x/index.ts';

export { metaVerifyChallenge } from './meta/index.ts';
export { xCrcResponse } from './x/index.ts';
export { genericWebhook, googleWebhook, metaWebhook, trustpilotWebhook, xWebhook };

/**
 * The inbound side of every platform, by the route segment of POST /webhooks/:route. No prototype,
 * so a path like /webhooks/constructor finds nothing instead of an Object method.
 */
export const webhookPlatforms: Record<WebhookPlatform['route'], WebhookPlatform> = Object.assign(Object.create(null), {
  x: xWebhook,
  meta: metaWebhook,
  google: googleWebhook,
  trustpilot: trustpilotWebhook,
  generic: genericWebhook,
});
