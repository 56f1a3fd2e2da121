import { checkQueryToken, secretOf } from '../generic/inbound.ts';
import type { InboundWebhook, WebhookSecrets } from '../types.ts';

/** Trustpilot does not sign webhooks; the subscription URL carries a secret `?token=`. */
export function verifyTrustpilot(req: InboundWebhook, secrets: WebhookSecrets): void {
  checkQueryToken(req.query('token'), secretOf(secrets.trustpilotWebhookToken, 'trustpilot'));
}
