import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
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
   * Least time between two JWKS fetches caused by an unknown `kid` (jose's default 30 s): a new key
   * after a rotation is picked up on first sight, yet a flood of made-up kids cannot hammer the issuer.
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

/** Built once per cold start: the key set (and its cache) lives as long as the verifier. */
export function createJwtVerifier(opts: JwtVerifierOptions): JwtVerifier {
  const cognito = COGNITO_ISSUER.test(opts.issuer);
  const audiences = [opts.audience].flat();
  const jwksUrl = opts.jwksUrl ? Promise.resolve(opts.jwksUrl) : undefined;
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  let pending: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  const keySet = () => {
    if (keys) return Promise.resolve(keys);
    pending ??= (jwksUrl ?? (cognito ? Promise.resolve(`${opts.issuer}/.well-known/jwks.json`) : discoverJwksUri(opts.issuer, opts.fetchTimeoutMs)))
      .then((url) => (keys = createRemoteJWKSet(new URL(url), { cooldownDuration: opts.refetchCooldownMs, timeoutDuration: opts.fetchTimeoutMs ?? 5_000 })))
      // A failed discovery is retried by the next request rather than cached for the life of the function.
      .finally(() => (pending = undefined));
    return pending;
  };

  return {
    async verify(token) {
      if (!token || token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) throw new AuthError('malformed', 'token is malformed (not a signed JWT)');
      let payload: JWTPayload;
      try {
        const jwks = await keySet();
        ({ payload } = await jwtVerify(token, jwks, {
          issuer: opts.issuer,
          // Cognito access tokens hold no `aud`; their audience is `client_id`, checked below.
          audience: cognito ? undefined : audiences,
          algorithms: [...ALGORITHMS],
          currentDate: opts.now ? new Date(opts.now()) : undefined,
          clockTolerance: 5,
        }));
      } catch (e) {
        throw toAuthError(e);
      }
      if (cognito) checkCognitoAccessToken(payload, audiences);
      return principalFromClaims(payload);
    },
  };
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
  if (e instanceof errors.JWTExpired) return new AuthError('expired', 'token expired');
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'iss') return new AuthError('wrong_issuer', 'token is from another issuer');
    if (e.claim === 'aud') return new AuthError('wrong_audience', 'token is for another audience');
    if (e.claim === 'nbf' || e.claim === 'iat') return new AuthError('not_yet_valid', 'token is not valid yet');
    return new AuthError('bad_claims', `token claim "${e.claim}" is invalid`);
  }
  if (e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JOSENotSupported) return new AuthError('wrong_algorithm', `token algorithm is not allowed (${ALGORITHMS.join(', ')} only)`);
  if (e instanceof errors.JWSSignatureVerificationFailed) return new AuthError('bad_signature', 'token signature is invalid');
  if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys) return new AuthError('unknown_key', 'token is signed with a key the issuer does not publish');
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) return new AuthError('malformed', 'token is malformed (not a signed JWT)');
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid) return new AuthError('keys_unavailable', "issuer's keys are unavailable");
  // jose raises its generic error only for a JWKS response that is not 200 or not JSON.
  if (e instanceof errors.JOSEError && e.code === 'ERR_JOSE_GENERIC') return new AuthError('keys_unavailable', "issuer's keys are unavailable");
  if (e instanceof errors.JOSEError) return new AuthError('malformed', `token is not acceptable (${e.code})`);
  // A failed JWKS fetch (network): the token may be fine, the keys are what is missing.
  return new AuthError('keys_unavailable', `issuer's keys are unavailable (${(e as Error).message})`);
}
