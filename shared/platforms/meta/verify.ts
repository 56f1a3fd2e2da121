import { WecareError, badRequest, unauthorized } from '../../errors.ts';
import { hmacSha256, safeEqual, secretOf } from '../generic/inbound.ts';
import type { InboundWebhook, WebhookSecrets } from '../types.ts';

export const META_SIGNATURE_HEADER = 'x-hub-signature-256';

/**
 * `sha256=` + hex(HMAC-SHA256(app secret, raw body)). Meta signs the bytes it sent, which escape
 * non-ASCII as \u00e9: hashing re-serialized JSON would not match, so only the raw body is hashed.
 */
export function verifyMeta(req: InboundWebhook, secrets: WebhookSecrets): void {
  const given = req.header(META_SIGNATURE_HEADER);
  if (!given) throw unauthorized('X-Hub-Signature-256: missing');
  const expected = `sha256=${hmacSha256(secretOf(secrets.metaAppSecret, 'meta'), req.rawBody, 'hex')}`;
  if (!safeEqual(given.toLowerCase(), expected)) throw unauthorized('X-Hub-Signature-256: does not match the body');
}

type Query = ((name: string) => string | undefined) | Record<string, string | undefined>;

/** GET verification handshake: echo hub.challenge only for a subscribe with our verify token, else 403. */
export function metaVerifyChallenge(query: Query, verifyToken: string): string {
  const get = typeof query === 'function' ? query : (name: string) => query[name];
  if (get('hub.mode') !== 'subscribe') throw new WecareError('forbidden', 'hub.mode: expected subscribe');
  const token = get('hub.verify_token');
  if (!token || !safeEqual(token, verifyToken)) throw new WecareError('forbidden', 'hub.verify_token: does not match');
  const challenge = get('hub.challenge');
  if (!challenge) throw badRequest('hub.challenge: missing query parameter');
  return challenge;
}
