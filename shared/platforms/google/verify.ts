import { checkQueryToken } from '../generic/inbound.ts';
import type { InboundWebhook, WebhookSecrets } from '../types.ts';

/** Pub/Sub push subscriptions are registered with `?token=` in the endpoint URL; Pub/Sub sends it back on every push. */
export function verifyGoogle(req: InboundWebhook, secrets: WebhookSecrets): void {
  checkQueryToken(req.query('token'), secrets.googlePushToken);
}
