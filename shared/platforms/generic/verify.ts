import { Webhook } from 'standardwebhooks';
import { unauthorized } from '../../errors.ts';
import { safeEqual, secretOf } from './inbound.ts';
import type { InboundWebhook, WebhookSecrets } from '../types.ts';

/** Standard Webhooks' replay window. */
const TOLERANCE_SECONDS = 5 * 60;
const UNIX_SECONDS = /^\d{1,12}$/;

// Decoding the whsec_ key is per secret, not per request.
let cached: { secret: string; webhook: Webhook } | undefined;
function webhookFor(secret: string): Webhook {
  if (cached?.secret !== secret) cached = { secret, webhook: new Webhook(secret) };
  return cached.webhook;
}

function header(req: InboundWebhook, name: string): string {
  const value = req.header(name);
  if (!value) throw unauthorized(`${name}: missing`);
  return value;
}

/**
 * Standard Webhooks: v1,base64(HMAC-SHA256(key, "id.timestamp.body")). The package's own verify
 * reads Date.now(); the window is checked here against the injected clock instead, and the package
 * only computes the signature.
 */
export function verifyGeneric(req: InboundWebhook, secrets: WebhookSecrets, now: Date): void {
  const id = header(req, 'webhook-id');
  const timestamp = header(req, 'webhook-timestamp');
  const signatures = header(req, 'webhook-signature');
  if (!UNIX_SECONDS.test(timestamp)) throw unauthorized('webhook-timestamp: not unix seconds');
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > TOLERANCE_SECONDS) throw unauthorized('webhook-timestamp: outside the 5 minute window');
  const expected = webhookFor(secretOf(secrets.webhookSecret, 'generic')).sign(id, new Date(seconds * 1000), req.rawBody);
  // Several space-separated signatures are allowed during key rotation; any v1 match passes.
  const ok = signatures.split(' ').some((s) => s.startsWith('v1,') && safeEqual(s, expected));
  if (!ok) throw unauthorized('webhook-signature: no signature matches the body');
}
