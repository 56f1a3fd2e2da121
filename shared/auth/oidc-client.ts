import { createRemoteJWKSet, jwtVerify } from 'jose';
import { ALGORITHMS } from './jwt.ts';

/**
 * The console's side of OpenID Connect as a public client (no secret): the authorization request
 * with PKCE S256, the code exchange, the refresh (rotation), the ID token check and the sign-out
 * URL. The issuer's endpoints come from its discovery document, fetched once and kept.
 */
export interface OidcClientOptions {
  /** OIDC_ISSUER, exactly as its tokens' `iss`. */
  issuer: string;
  /** OIDC_CLIENT_ID: `wecare-console` locally, the pool's app client id in AWS. */
  clientId: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
  revocation_endpoint?: string;
  scopes_supported?: string[];
}

export interface TokenSet {
  accessToken: string;
  /** Seconds, as the issuer said. */
  expiresIn: number;
  refreshToken?: string;
  idToken?: string;
}

/** Why the issuer or its answer was refused; `unavailable` is ours to retry, the rest are the caller's. */
export class OidcError extends Error {
  override readonly name = 'OidcError';
  constructor(
    readonly kind: 'unavailable' | 'rejected',
    message: string,
  ) {
    super(message);
  }
}

/** What the console asks for; `offline_access` (a refresh token) only where the issuer lists it (Cognito issues one without). */
const WANTED_SCOPES = ['openid', 'email', 'profile', 'offline_access'];

export function createOidcClient(opts: OidcClientOptions) {
  const http = opts.fetch ?? globalThis.fetch;
  const timeout = () => AbortSignal.timeout(opts.timeoutMs ?? 5_000);
  let discovery: Promise<Discovery> | undefined;
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;

  const discover = () =>
    (discovery ??= (async () => {
      let res: Response;
      try {
        res = await http(`${opts.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: timeout() });
      } catch (e) {
        throw new OidcError('unavailable', `sign-in: the issuer's discovery document is out of reach (${(e as Error).message})`);
      }
      const doc = (await res.json().catch(() => undefined)) as Discovery | undefined;
      if (!res.ok || !doc?.authorization_endpoint || !doc.token_endpoint || !doc.jwks_uri) throw new OidcError('unavailable', `sign-in: the issuer's discovery document is unusable (HTTP ${res.status})`);
      if (doc.issuer !== opts.issuer) throw new OidcError('unavailable', 'sign-in: the discovery document names another issuer than OIDC_ISSUER');
      return doc;
    })().catch((e: unknown) => {
      discovery = undefined; // a failed discovery is retried by the next request
      throw e;
    }));

  async function tokenRequest(params: Record<string, string>): Promise<TokenSet> {
    const { token_endpoint } = await discover();
    let res: Response;
    try {
      res = await http(token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ ...params, client_id: opts.clientId }),
        signal: timeout(),
      });
    } catch (e) {
      throw new OidcError('unavailable', `sign-in: the token endpoint is out of reach (${(e as Error).message})`);
    }
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.status >= 500) throw new OidcError('unavailable', `sign-in: the token endpoint answered HTTP ${res.status}`);
    if (!res.ok || typeof body.access_token !== 'string') throw new OidcError('rejected', `sign-in: the issuer refused (${String(body.error ?? `HTTP ${res.status}`)})`);
    return {
      accessToken: body.access_token,
      expiresIn: Number(body.expires_in) > 0 ? Number(body.expires_in) : 300,
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
      idToken: typeof body.id_token === 'string' ? body.id_token : undefined,
    };
  }

  return {
    discover,

    async authorizationUrl(p: { redirectUri: string; state: string; nonce: string; codeChallenge: string }): Promise<string> {
      const d = await discover();
      const scope = WANTED_SCOPES.filter((s) => s === 'openid' || !d.scopes_supported || d.scopes_supported.includes(s)).join(' ');
      const url = new URL(d.authorization_endpoint);
      for (const [k, v] of Object.entries({
        response_type: 'code',
        client_id: opts.clientId,
        redirect_uri: p.redirectUri,
        scope,
        state: p.state,
        nonce: p.nonce,
        code_challenge: p.codeChallenge,
        code_challenge_method: 'S256',
      }))
        url.searchParams.set(k, v);
      return url.href;
    },

    exchangeCode: (p: { code: string; redirectUri: string; codeVerifier: string }) =>
      tokenRequest({ grant_type: 'authorization_code', code: p.code, redirect_uri: p.redirectUri, code_verifier: p.codeVerifier }),

    refresh: (refreshToken: string) => tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }),

    /**
     * The ID token from the token endpoint: signed by the issuer's key, for this client, with the
     * nonce this sign-in sent (a code replayed from another sign-in carries another nonce).
     */
    async checkIdToken(idToken: string, nonce: string): Promise<{ email?: string }> {
      const d = await discover();
      keys ??= createRemoteJWKSet(new URL(d.jwks_uri), { timeoutDuration: opts.timeoutMs ?? 5_000 });
      try {
        const { payload } = await jwtVerify(idToken, keys, { issuer: opts.issuer, audience: opts.clientId, algorithms: [...ALGORITHMS], clockTolerance: 5 });
        if (payload.nonce !== nonce) throw new Error('nonce does not match');
        return { email: typeof payload.email === 'string' ? payload.email : undefined };
      } catch (e) {
        throw new OidcError('rejected', `sign-in: the ID token is not valid (${(e as Error).message})`);
      }
    },

    /** Best effort: the refresh token stops working at the issuer too. */
    async revoke(refreshToken: string): Promise<void> {
      const d = await discover().catch(() => undefined);
      if (!d?.revocation_endpoint) return;
      await http(d.revocation_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token', client_id: opts.clientId }),
        signal: timeout(),
      }).then((r) => r.arrayBuffer(), () => undefined);
    },

    /**
     * Where the browser goes to end its session at the issuer. RP-initiated logout when the issuer
     * lists `end_session_endpoint`; a Cognito user pool lists none and has its own `/logout`.
     */
    async endSessionUrl(p: { idToken?: string; postLogoutRedirectUri: string }): Promise<string | undefined> {
      const d = await discover().catch(() => undefined);
      if (!d) return undefined;
      if (d.end_session_endpoint) {
        const url = new URL(d.end_session_endpoint);
        if (p.idToken) url.searchParams.set('id_token_hint', p.idToken);
        url.searchParams.set('client_id', opts.clientId);
        url.searchParams.set('post_logout_redirect_uri', p.postLogoutRedirectUri);
        return url.href;
      }
      const auth = new URL(d.authorization_endpoint);
      if (!auth.hostname.endsWith('.amazoncognito.com')) return undefined;
      const url = new URL('/logout', auth.origin);
      url.searchParams.set('client_id', opts.clientId);
      url.searchParams.set('logout_uri', p.postLogoutRedirectUri);
      return url.href;
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
