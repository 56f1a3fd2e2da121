import { badRequest, unauthorized } from '../../errors.ts';
import { hmacSha256, safeEqual, secretOf } from '../generic/inbound.ts';
import type { InboundWebhook, WebhookSecrets } from '../types.ts';

export const X_SIGNATURE_HEADER = 'x-twitter-webhooks-signature';

/** `sha256=` + base64(HMAC-SHA256(consumer secret, raw body)), compared in constant time. */
export function verifyX(req: InboundWebhook, secrets: WebhookSecrets): void {
  const given = req.header(X_SIGNATURE_HEADER);
  if (!given) throw unauthorized(`${X_SIGNATURE_HEADER}: missing`);
  const expected = `sha256=${hmacSha256(secretOf(secrets.xConsumerSecret, 'x'), req.rawBody, 'base64')}`;
  if (!safeEqual(given, expected)) throw unauthorized(`${X_SIGNATURE_HEADER}: does not match the body`);
}

/**
 * X sends short opaque base64-like tokens. The CRC answer is the very HMAC that signs a POST body,
 * so a token that could be a body (JSON has braces, quotes, colons) would make this route a signing
 * oracle: anything outside X's alphabet and length is refused before it is hashed.
 */
const CRC_TOKEN = /^[A-Za-z0-9+/=_-]{1,128}$/;

/** The answer to X's challenge-response check (GET /webhooks/x?crc_token=…), hourly and on registration. */
export function xCrcResponse(crcToken: string | undefined, secret: string): { response_token: string } {
  if (!crcToken) throw badRequest('crc_token: missing query parameter');
  if (!CRC_TOKEN.test(crcToken)) throw badRequest('crc_token: expected 1-128 characters of A-Z a-z 0-9 + / = _ -');
  return { response_token: `sha256=${hmacSha256(secret, crcToken, 'base64')}` };
}
