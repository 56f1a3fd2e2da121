import { JwtVerifier as AwsJwtVerifier } from 'aws-jwt-verify';
import {
  JwkInvalidKtyError,
  JwkInvalidUseError,
  JwksValidationError,
  JwkValidationError,
  JwtBaseError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache, SimplePenaltyBox } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { decodeProtectedHeader, type JWTPayload } from 'jose';
import { principalFromClaims } from './claims.ts';
import { AuthError } from './errors.ts';
import type { Principal } from './principal.ts';

/**
 * Asymmetric only: `none` and HS* are refused before any key is looked at, so a token "signed" with
 * the public key as an HMAC secret, or not signed at all, never verifies (the classic JWT confusions).
 */
export const ALGORITHMS = ['RS256', 'ES256'] as const;

export interface JwtVerifierOptions {
  /** `OIDC_ISSUER`: the exact `iss` of the tokens, e.g. `https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc`. */
  issuer: string;
  /** `OIDC_AUDIENCE`: the `aud` the token must hold (for a Cognito pool: the app client id, checked against `client_id`). */
  audience: string | string[];
  /** Where the keys are; default: Cognito's fixed path, else the issuer's discovery document's `jwks_uri`. */
  jwksUrl?: string;
  /** Clock for tests and benchmarks, ms since the epoch. */
  now?: () => number;
  /**
   * Least time before the JWKS is fetched again after a fetch that did not hold a token's `kid`
   * (default 30 s): a new key after a rotation is picked up on first sight, yet a flood of made-up
   * kids cannot hammer the issuer.
   */
  refetchCooldownMs?: number;
  fetchTimeoutMs?: number;
}

export interface JwtVerifier {
  /** The token's Principal, or an AuthError whose message names what is wrong (never the token). */
  verify(token: string): Promise<Principal>;
}

const COGNITO_ISSUER = /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/[\w-]+$/;
/** Far above any real access token; a multi-megabyte header is refused before parsing it. */
const MAX_TOKEN_LENGTH = 16_384;
/** Seconds of clock skew allowed on `exp` and `nbf`. */
const CLOCK_TOLERANCE_S = 5;
/** A cached JWKS older than this is fetched again before use, so a withdrawn key stops verifying. */
const JWKS_MAX_AGE_MS = 600_000;

/**
 * Verification is aws-jwt-verify's (node:crypto, KeyObjects cached per key: ~3x cheaper per token than
 * WebCrypto). Around it: the algorithm allow-list (checked on the header before any key is looked at),
 * the time claims against `opts.now` (the library reads only the real clock, so its own check is
 * switched off with an infinite grace) and Cognito's access-token rules.
 */
export function createJwtVerifier(opts: JwtVerifierOptions): JwtVerifier {
  const cognito = COGNITO_ISSUER.test(opts.issuer);
  const audiences = [opts.audience].flat();
  const timeoutMs = opts.fetchTimeoutMs ?? 5_000;
  let fetchedAt = 0;
  const fetcher: Fetcher = {
    // Not the library's SimpleFetcher: that one speaks HTTPS only (the local issuer is plain HTTP) and retries at once.
    async fetch(uri) {
      const res = await fetch(uri, { signal: AbortSignal.timeout(timeoutMs) });
      if (res.status !== 200) throw new Error(`JWKS endpoint answered HTTP ${res.status}`);
      const body = await res.arrayBuffer();
      fetchedAt = Date.now();
      return body;
    },
  };
  const jwksCache = new SimpleJwksCache({ fetcher, penaltyBox: new SimplePenaltyBox({ waitSeconds: (opts.refetchCooldownMs ?? 30_000) / 1000 }) });
  type Verifier = { jwksUri: string; verifier: { verify(token: string): Promise<JwtPayload> } };
  let ready: Verifier | undefined;
  let pending: Promise<Verifier> | undefined;

  const verifierFor = () => {
    if (ready) return Promise.resolve(ready);
    pending ??= (opts.jwksUrl ? Promise.resolve(opts.jwksUrl) : cognito ? Promise.resolve(`${opts.issuer}/.well-known/jwks.json`) : discoverJwksUri(opts.issuer, opts.fetchTimeoutMs))
      .then((jwksUri) => {
        const verifier = AwsJwtVerifier.create(
          {
            issuer: opts.issuer,
            jwksUri,
            // Cognito access tokens hold no `aud`; their audience is `client_id`, checked below.
            audience: cognito ? null : audiences,
            graceSeconds: Number.POSITIVE_INFINITY,
          },
          { jwksCache },
        );
        return (ready = { jwksUri, verifier });
      })
      // A failed discovery is retried by the next request rather than cached for the life of the function.
      .finally(() => (pending = undefined));
    return pending;
  };

  return {
    async verify(token) {
      if (!token || token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) throw new AuthError('malformed', 'token is malformed (not a signed JWT)');
      checkHeader(token);
      let payload: JWTPayload;
      try {
        const { jwksUri, verifier } = await verifierFor();
        if (fetchedAt && Date.now() - fetchedAt > JWKS_MAX_AGE_MS) await jwksCache.getJwks(jwksUri);
        payload = (await verifier.verify(token)) as JWTPayload;
      } catch (e) {
        throw toAuthError(e);
      }
      checkTimes(payload, Math.floor((opts.now?.() ?? Date.now()) / 1000));
      if (cognito) checkCognitoAccessToken(payload, audiences);
      return principalFromClaims(payload);
    },
  };
}

/** The header alone, no crypto: only RS256 and ES256, and no critical extensions (none is understood). */
function checkHeader(token: string) {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new AuthError('malformed', 'token is malformed (not a signed JWT)');
  }
  if (typeof header.alg !== 'string' || !header.alg) throw new AuthError('malformed', 'token is malformed (not a signed JWT)');
  if (!(ALGORITHMS as readonly string[]).includes(header.alg) || header.crit !== undefined)
    throw new AuthError('wrong_algorithm', `token algorithm is not allowed (${ALGORITHMS.join(', ')} only)`);
}

/** `nbf` then `exp` against the injected clock, with the tolerance jose allowed before. */
function checkTimes(payload: JWTPayload, now: number) {
  if (payload.nbf !== undefined && payload.nbf > now + CLOCK_TOLERANCE_S) throw new AuthError('not_yet_valid', 'token is not valid yet');
  if (payload.exp !== undefined && payload.exp <= now - CLOCK_TOLERANCE_S) throw new AuthError('expired', 'token expired');
}

/** Cognito: an ID token (token_use "id") is not a credential for the API, and `client_id` is the audience. */
function checkCognitoAccessToken(payload: JWTPayload, audiences: string[]) {
  if (payload.token_use !== 'access') throw new AuthError('wrong_token_use', 'token is not an access token (token_use must be "access")');
  if (typeof payload.client_id !== 'string' || !audiences.includes(payload.client_id)) throw new AuthError('wrong_audience', 'token is for another app client (client_id)');
}

async function discoverJwksUri(issuer: string, timeoutMs = 5_000): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new AuthError('keys_unavailable', `issuer's discovery document is unreachable (${(e as Error).message})`);
  }
  const doc = (await res.json().catch(() => ({}))) as { jwks_uri?: unknown };
  if (!res.ok || typeof doc.jwks_uri !== 'string') throw new AuthError('keys_unavailable', `issuer's discovery document has no jwks_uri (HTTP ${res.status})`);
  return doc.jwks_uri;
}

function toAuthError(e: unknown): AuthError {
  if (e instanceof AuthError) return e;
  // Not reached while the library's time checks are off (infinite grace); kept should that change.
  if (e instanceof JwtExpiredError) return new AuthError('expired', 'token expired');
  if (e instanceof JwtNotBeforeError) return new AuthError('not_yet_valid', 'token is not valid yet');
  if (e instanceof JwtInvalidIssuerError) return new AuthError('wrong_issuer', 'token is from another issuer');
  if (e instanceof JwtInvalidAudienceError) return new AuthError('wrong_audience', 'token is for another audience');
  if (e instanceof JwtInvalidSignatureError) return new AuthError('bad_signature', 'token signature is invalid');
  // The alg is allowed (checked on the header), yet the key the kid names is of another kind or use.
  if (
    e instanceof KidNotFoundInJwksError ||
    e instanceof WaitPeriodNotYetEndedJwkError ||
    e instanceof JwtWithoutValidKidError ||
    e instanceof JwtInvalidSignatureAlgorithmError ||
    e instanceof JwkInvalidKtyError ||
    e instanceof JwkInvalidUseError
  )
    return new AuthError('unknown_key', 'token is signed with a key the issuer does not publish');
  if (e instanceof JwtParseError) return new AuthError('malformed', 'token is malformed (not a signed JWT)');
  if (e instanceof JwksValidationError || e instanceof JwkValidationError) return new AuthError('keys_unavailable', "issuer's keys are unavailable");
  if (e instanceof JwtBaseError) return new AuthError('malformed', `token is not acceptable (${e.constructor.name})`);
  // A failed JWKS fetch (network, HTTP status): the token may be fine, the keys are what is missing.
  return new AuthError('keys_unavailable', `issuer's keys are unavailable (${(e as Error).message})`);
}
