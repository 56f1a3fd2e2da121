import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { decodeJwt } from 'jose';
import { AuthError } from '../../shared/auth/errors.ts';
import { BOOTSTRAP_ADMIN, canSeeBrand, hasRight, type Principal, type Right } from '../../shared/auth/principal.ts';
import { API_TOKEN_PREFIX, authenticateToken } from '../../shared/auth/api-tokens.ts';
import { WecareError } from '../../shared/errors.ts';
import type { ApiContext } from './context.ts';

/** Hono typing of every /api router: the middleware below sets `principal` before any route runs. */
export type ApiEnv = { Variables: { principal: Principal } };

const sha256 = (s: string) => createHash('sha256').update(s).digest();
const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Who is asking, on every /api/* request; the authenticators in order:
 * 1. `Authorization: Bearer <ADMIN_TOKEN>`, the bootstrap credential (admin, every brand);
 * 2. `Bearer wct_<id>.<secret>`, an API token (stored hashed, shared/store/api-tokens.ts);
 * 3. `Bearer <JWT>`, an access token of the OIDC issuer (ctx.jwt, when OIDC_ISSUER is set);
 * 4. no Authorization header: the console's session cookie (ctx.sessionPrincipal), when there is one.
 * Anything else is 401 `unauthorized` whose message names what is wrong, never the token.
 */
export function authenticate(ctx: ApiContext): MiddlewareHandler<ApiEnv> {
  const admin = sha256(ctx.adminToken);
  const verified = verifiedJwts(ctx);
  return async (c, next) => {
    c.set('principal', await principalOf(ctx, admin, verified, c));
    await next();
  };
}

/** Most verified JWTs kept per instance; the oldest goes first. */
const JWT_CACHE_SIZE = 1_000;
/** A verified JWT is trusted from memory at most this long (and never past its `exp`), so a key the issuer withdrew stops counting soon. */
const JWT_CACHE_MS = 5 * 60_000;

/**
 * A console sends the same access token with every request for its lifetime: an instance verifies
 * it once (signature, issuer, audience, expiry) and then trusts it from memory until it expires or
 * for five minutes at most. Keyed by the whole token; only a token that verified is ever kept.
 */
function verifiedJwts(ctx: ApiContext) {
  const cache = new Map<string, { principal: Principal; until: number }>();
  return async (token: string): Promise<Principal> => {
    const now = ctx.now().getTime();
    const hit = cache.get(token);
    if (hit && now < hit.until) return hit.principal;
    if (hit) cache.delete(token);
    if (!ctx.jwt) throw new AuthError('malformed', 'token not accepted (not the admin token or an API token, and sign-in is not configured)');
    const principal = await ctx.jwt.verify(token);
    const exp = expiryOf(token);
    if (typeof exp === 'number') {
      if (cache.size >= JWT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(token, { principal, until: Math.min(exp * 1000, now + JWT_CACHE_MS) });
    }
    return principal;
  };
}

/** The `exp` of a token the verifier accepted; a verifier that takes other shapes (a test's) just skips the memory. */
function expiryOf(token: string): number | undefined {
  try {
    return decodeJwt(token).exp;
  } catch {
    return undefined;
  }
}

async function principalOf(ctx: ApiContext, admin: Buffer, jwt: (token: string) => Promise<Principal>, c: Context): Promise<Principal> {
  const header = c.req.header('authorization');
  if (header === undefined) {
    const session = await ctx.sessionPrincipal?.(c);
    if (session) return session;
    throw new WecareError('unauthorized', 'authorization: missing (expected "Authorization: Bearer <token>" or a console session)');
  }
  const token = BEARER.exec(header)?.[1];
  if (!token) throw new WecareError('unauthorized', 'authorization: malformed (expected "Bearer <token>")');
  // Hashed first: a constant-time compare whatever the lengths.
  if (timingSafeEqual(sha256(token), admin)) return BOOTSTRAP_ADMIN;
  try {
    if (token.startsWith(API_TOKEN_PREFIX)) return await authenticateToken(ctx.store, token, ctx.now());
    return await jwt(token);
  } catch (e) {
    if (!(e instanceof AuthError)) throw e;
    // The issuer's keys out of reach is our problem, not the caller's: retry later.
    if (e.reason === 'keys_unavailable') throw new WecareError('unavailable', `authorization: ${e.message}`);
    throw new WecareError('unauthorized', `authorization: ${e.message}`);
  }
}

/** 403 before any lookup when the caller's role lacks `right`; the message names the right. */
export function requireRight(right: Right): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const p = c.get('principal');
    if (!p || !hasRight(p, right)) throw new WecareError('forbidden', `forbidden: this needs the right "${right}", which role ${p?.role ?? '(none)'} does not have`);
    await next();
  };
}

/**
 * A brand the caller cannot see answers exactly like one that does not exist (404), so nothing
 * leaks that it does. `notFound`: the resource's own not-found message (a mention, an incident, …).
 */
export function inScope(c: Context<ApiEnv>, brand: string, notFound = `brand: no brand "${brand}"`): void {
  const p = c.get('principal');
  if (!p || !canSeeBrand(p, brand)) throw new WecareError('not_found', notFound);
}

/** The caller's principal (set by `authenticate`). */
export const principal = (c: Context<ApiEnv>): Principal => c.get('principal');
