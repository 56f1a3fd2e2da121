import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { unauthorized, WecareError } from '../../errors.ts';
import { checkQueryToken, secretOf } from '../generic/inbound.ts';
import type { InboundWebhook, WebhookSecrets } from '../types.ts';

/** Google signs push tokens with either spelling of its issuer. */
const ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];

// jose caches the keys and refetches on an unknown kid (Google rotates them), per URL for the process.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function keysAt(url: string) {
  let keys = keySets.get(url);
  if (!keys) keySets.set(url, (keys = createRemoteJWKSet(new URL(url))));
  return keys;
}

/**
 * Pub/Sub push subscriptions are registered with `?token=` in the endpoint URL; Pub/Sub sends it back
 * on every push. With authentication on the subscription (GOOGLE_PUSH_AUDIENCE), Pub/Sub also sends
 * an OIDC JWT as the service account it pushes as: both must hold.
 */
export async function verifyGoogle(req: InboundWebhook, secrets: WebhookSecrets, now: Date): Promise<void> {
  checkQueryToken(req.query('token'), secretOf(secrets.googlePushToken, 'google'));
  if (secrets.googlePush) await verifyPushToken(req.header('authorization'), secrets.googlePush, now);
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

async function verifyPushToken(header: string | undefined, push: NonNullable<WebhookSecrets['googlePush']>, now: Date): Promise<void> {
  if (!header) throw unauthorized('authorization: missing the Pub/Sub push token');
  const jwt = BEARER.exec(header)?.[1];
  if (!jwt) throw unauthorized('authorization: expected Bearer <JWT>');
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(jwt, keysAt(push.jwksUrl), {
      issuer: ISSUERS,
      audience: push.audience,
      algorithms: ['RS256'],
      currentDate: now,
      requiredClaims: ['exp', 'email'],
    }));
  } catch (e) {
    throw tokenError(e);
  }
  if (claims.email !== push.serviceAccount) throw unauthorized('authorization: token email is not the push service account');
  if (claims.email_verified !== true) throw unauthorized('authorization: token email is not verified');
}

/** A bad token is 401; Google's keys out of reach is 503, so Pub/Sub retries the push later. */
function tokenError(e: unknown): WecareError {
  // jose raises its bare JOSEError when the key set answers other than 200.
  const keysDown = !(e instanceof errors.JOSEError) || e.constructor === errors.JOSEError || e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid;
  if (keysDown) {
    return new WecareError('unavailable', 'authorization: the push token keys cannot be fetched');
  }
  if (e instanceof errors.JWTExpired) return unauthorized('authorization: push token expired');
  if (e instanceof errors.JWTClaimValidationFailed) return unauthorized(`authorization: push token ${e.claim} claim is wrong`);
  return unauthorized('authorization: push token signature or format is invalid');
}
