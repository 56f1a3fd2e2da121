import { badRequest, unauthorized } from '../../errors.ts';
import { hmacSha256, safeEqual } from '../generic/inbound.ts';
import type { InboundWebhook, WebhookSecrets } from '../types.ts';

export const X_SIGNATURE_HEADER = 'x-twitter-webhooks-signature';

/** `sha256=` + base64(HMAC-SHA256(consumer secret, raw body)), compared in constant time. */
export function verifyX(req: InboundWebhook, secrets: WebhookSecrets): void {
  const given = req.header(X_SIGNATURE_HEADER);
  if (!given) throw unauthorized(`${X_SIGNATURE_HEADER}: missing`);
  const expected = `sha256=${hmacSha256(secrets.xConsumerSecret, req.rawBody, 'base64')}`;
  if (!safeEqual(given, expected)) throw unauthorized(`${X_SIGNATURE_HEADER}: does not match the body`);
}

/** The answer to X's challenge-response check (GET /webhooks/x?crc_token=…), hourly and on registration. */
export function xCrcResponse(crcToken: string | undefined, secret: string): { response_token: string } {
  if (!crcToken) throw badRequest('crc_token: missing query parameter');
  return { response_token: `sha256=${hmacSha256(secret, crcToken, 'base64')}` };
}
