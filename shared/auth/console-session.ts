import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/client.ts';
import { claimRefresh, createSession, deleteSession, getSession, saveRefreshed, type Session, touchSession } from '../store/sessions.ts';
import { type OidcClient, OidcError } from './oidc-client.ts';
import { Principal } from './principal.ts';

/**
 * The console's sessions (issue 13 item 6), without HTTP: hono glue is functions/api/routes/console.ts.
 *
 * Sign-in: `begin` makes a random seed the browser keeps in a short HttpOnly cookie; the state,
 * nonce and PKCE verifier are derived from it, so nothing is stored for an anonymous visitor and
 * the state in the callback's query is trusted only if the browser's own cookie yields it.
 * `finish` exchanges the code, verifies the access token as the API does and the ID token's
 * nonce, and creates the session. `resolve` is every later request: ended when idle 15 minutes or
 * its refresh fails, refreshed at the issuer (rotation) shortly before the access token expires,
 * which also picks up a changed role or brand list.
 */
export interface ConsoleSessionDeps {
  store: Store;
  oidc: OidcClient;
  /** The API's own access-token verifier: a session is only as good as the token behind it. */
  jwt: { verify(token: string): Promise<Principal> };
  now: () => Date;
  idleMs?: number;
  /** Session's end at the latest, whatever the refreshes (default 8 h: a working day). */
  maxMs?: number;
  /** Refresh when the access token has less than this left (default 60 s). */
  refreshAheadMs?: number;
}

export interface ResolvedSession {
  principal: Principal;
  email?: string;
  /** The value state-changing requests send in `x-csrf-token` (and the sign-out form in `csrf`). */
  csrf: string;
}

export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly kind: 'bad_request' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

const IDLE_MS = 15 * 60_000;
const MAX_MS = 8 * 3600_000;
const TOUCH_EVERY_MS = 60_000;

const b64 = (b: Buffer) => b.toString('base64url');
const derive = (secret: Buffer, what: string) => b64(createHmac('sha256', secret).update(what).digest());
/** Cookie values are base64url of 32 random bytes; anything else is not ours. */
const decodeId = (value: string | undefined) => (value && /^[\w-]{43}$/.test(value) ? Buffer.from(value, 'base64url') : undefined);
const same = (a: string, b: string) => {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
};

export function consoleSessions(deps: ConsoleSessionDeps) {
  const idleMs = deps.idleMs ?? IDLE_MS;
  const maxMs = deps.maxMs ?? MAX_MS;
  const aheadMs = deps.refreshAheadMs ?? 60_000;
  const fromIssuer = (e: unknown): never => {
    if (e instanceof OidcError) throw new SignInError(e.kind === 'unavailable' ? 'unavailable' : 'bad_request', e.message);
    throw e;
  };

  const csrfOf = (id: Buffer) => derive(id, 'csrf');

  async function verified(tokens: { accessToken: string }): Promise<Principal> {
    try {
      return await deps.jwt.verify(tokens.accessToken);
    } catch (e) {
      throw new SignInError('bad_request', `sign-in: the access token was refused (${(e as Error).message})`);
    }
  }

  /** A refresh at the issuer; undefined when the session cannot go on (no refresh token, refused). */
  async function refreshed(id: Buffer, s: Session, now: Date): Promise<Session | undefined> {
    if (!s.refreshToken) return undefined;
    if (!(await claimRefresh(deps.store, id, s.version, now))) return s; // another request is refreshing it
    try {
      const tokens = await deps.oidc.refresh(s.refreshToken);
      const principal = await verified(tokens);
      const next = {
        ...s,
        principal,
        accessExpiresAt: now.getTime() + tokens.expiresIn * 1000,
        idleExpiresAt: Math.min(now.getTime() + idleMs, s.expiresAt),
        refreshToken: tokens.refreshToken ?? s.refreshToken,
        idToken: tokens.idToken ?? s.idToken,
      };
      await saveRefreshed(deps.store, id, s.version, next);
      return { ...next, version: s.version + 1 };
    } catch (e) {
      // The issuer out of reach: keep going while the access token lasts; a refusal ends the session.
      if (e instanceof OidcError && e.kind === 'unavailable') return s;
      await deleteSession(deps.store, id);
      return undefined;
    }
  }

  return {
    csrfOf: (cookie: string) => {
      const id = decodeId(cookie);
      return id ? csrfOf(id) : undefined;
    },

    /** The authorization URL and the seed for the sign-in cookie. */
    async begin(redirectUri: string): Promise<{ seed: string; url: string }> {
      const seed = randomBytes(32);
      const verifier = derive(seed, 'pkce');
      const url = await deps.oidc
        .authorizationUrl({
          redirectUri,
          state: derive(seed, 'state'),
          nonce: derive(seed, 'nonce'),
          codeChallenge: b64(createHash('sha256').update(verifier).digest()),
        })
        .catch(fromIssuer);
      return { seed: b64(seed), url };
    },

    /** The callback: the state must be the one this browser's seed yields; returns the session cookie's value. */
    async finish(p: { seed?: string; state?: string; code?: string; redirectUri: string }): Promise<{ session: string }> {
      const seed = decodeId(p.seed);
      if (!seed) throw new SignInError('bad_request', 'sign-in: no sign-in in progress in this browser (the sign-in cookie is missing or expired)');
      if (!p.state || !same(p.state, derive(seed, 'state'))) throw new SignInError('bad_request', 'sign-in: state does not match this browser\'s sign-in');
      if (!p.code) throw new SignInError('bad_request', 'sign-in: the issuer sent no code');
      const tokens = await deps.oidc.exchangeCode({ code: p.code, redirectUri: p.redirectUri, codeVerifier: derive(seed, 'pkce') }).catch(fromIssuer);
      const principal = await verified(tokens);
      if (!tokens.idToken) throw new SignInError('bad_request', 'sign-in: the issuer sent no ID token');
      const { email } = await deps.oidc.checkIdToken(tokens.idToken, derive(seed, 'nonce')).catch(fromIssuer);
      const now = deps.now().getTime();
      const id = randomBytes(32);
      await createSession(deps.store, id, {
        principal,
        email,
        createdAt: new Date(now).toISOString(),
        accessExpiresAt: now + tokens.expiresIn * 1000,
        idleExpiresAt: now + idleMs,
        expiresAt: now + maxMs,
        refreshToken: tokens.refreshToken,
        idToken: tokens.idToken,
      });
      return { session: b64(id) };
    },

    /** The session behind a cookie, refreshed or touched as needed; undefined when there is none (any more). */
    async resolve(cookie: string | undefined): Promise<ResolvedSession | undefined> {
      const id = decodeId(cookie);
      if (!id) return undefined;
      const now = deps.now();
      let s = await getSession(deps.store, id, now);
      if (!s) return undefined;
      if (s.accessExpiresAt - now.getTime() < aheadMs) {
        s = await refreshed(id, s, now);
        if (!s || s.accessExpiresAt <= now.getTime()) return undefined;
      } else if (s.idleExpiresAt - now.getTime() < idleMs - TOUCH_EVERY_MS) {
        // Written at most once a minute, not on every request.
        await touchSession(deps.store, id, Math.min(now.getTime() + idleMs, s.expiresAt));
      }
      const principal = Principal.safeParse(s.principal);
      if (!principal.success) return undefined;
      return { principal: principal.data, email: s.email, csrf: csrfOf(id) };
    },

    /** Ends the session here and revokes its refresh token at the issuer; returns the ID token for the issuer's sign-out. */
    async end(cookie: string | undefined): Promise<{ idToken?: string }> {
      const id = decodeId(cookie);
      if (!id) return {};
      const old = await deleteSession(deps.store, id);
      if (old?.refreshToken) await deps.oidc.revoke(old.refreshToken).catch(() => undefined);
      return { idToken: old?.idToken };
    },

    /** Constant-time check of a submitted CSRF token against the cookie's. */
    csrfMatches(cookie: string | undefined, given: string | undefined): boolean {
      const id = decodeId(cookie);
      return Boolean(id && given && same(given, csrfOf(id)));
    },
  };
}

export type ConsoleSessions = ReturnType<typeof consoleSessions>;
