import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { consoleSessions, SignInError } from '../../../shared/auth/console-session.ts';
import { createOidcClient } from '../../../shared/auth/oidc-client.ts';
import type { Principal } from '../../../shared/auth/principal.ts';
import { consoleCsp, consoleLang, consolePage, signInFailedPage } from '../../../shared/console/page.ts';
import { WecareError } from '../../../shared/errors.ts';
import type { ApiContext } from '../context.ts';

/** The session cookie (README, "People"): HttpOnly, SameSite=Lax, Path=/, Secure outside local mode. */
export const SESSION_COOKIE = 'wecare_session';
/** The sign-in in progress: its seed yields state, nonce and PKCE verifier; 10 minutes, /console only. */
export const SIGNIN_COOKIE = 'wecare_signin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ConsoleRoutes {
  routes: Hono;
  /** ApiContext.sessionPrincipal: the cookie's Principal; CSRF-checked for state-changing methods (403). */
  sessionPrincipal?: (c: Context) => Promise<Principal | undefined>;
}

/**
 * `GET /console` (the placeholder page, or off to the issuer's sign-in), `GET /console/callback`
 * (the code flow's return) and `POST /console/logout`. Without OIDC_ISSUER the console is off (404).
 */
export function consoleRoutes(ctx: ApiContext): ConsoleRoutes {
  const app = new Hono();
  if (!ctx.oidc || !ctx.jwt) {
    app.all('/console/*', () => {
      throw new WecareError('not_found', 'console: sign-in is not configured (OIDC_ISSUER)');
    });
    app.all('/console', () => {
      throw new WecareError('not_found', 'console: sign-in is not configured (OIDC_ISSUER)');
    });
    return { routes: app };
  }
  const base = ctx.publicUrl.replace(/\/$/, '');
  const origin = new URL(base).origin;
  const redirectUri = `${base}/console/callback`;
  // Local mode (http on this machine) is the one place the cookie may travel without TLS.
  const secure = !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(origin);
  const oidc = createOidcClient({ issuer: ctx.oidc.issuer, clientId: ctx.oidc.clientId });
  const sessions = consoleSessions({ store: ctx.store, oidc, jwt: ctx.jwt, now: ctx.now });

  const cookie = (c: Context, name: string, value: string, path: string, maxAge: number) =>
    setCookie(c, name, value, { httpOnly: true, sameSite: 'Lax', secure, path, maxAge });
  const issuerOrigin = async () => {
    const d = await oidc.discover().catch(() => undefined);
    return d && [...new Set([d.authorization_endpoint, d.end_session_endpoint ?? d.authorization_endpoint].map((u) => new URL(u).origin))].join(' ');
  };
  const html = async (c: Context, status: 200 | 400 | 503, body: string) => {
    c.header('cache-control', 'no-store');
    c.header('content-security-policy', consoleCsp(await issuerOrigin()));
    c.header('x-content-type-options', 'nosniff');
    c.header('x-frame-options', 'DENY');
    c.header('referrer-policy', 'no-referrer');
    c.header('vary', 'Accept-Language, Cookie');
    return c.html(body, status);
  };
  const failed = (c: Context, e: unknown) => {
    if (!(e instanceof SignInError)) throw e;
    return html(c, e.kind === 'unavailable' ? 503 : 400, signInFailedPage(consoleLang(c.req.header('accept-language')), e.message));
  };
  const sameOrigin = (c: Context) => {
    const given = c.req.header('origin');
    return given === undefined || given === origin;
  };

  app.get('/console', async (c) => {
    const session = await sessions.resolve(getCookie(c, SESSION_COOKIE));
    if (session) return html(c, 200, consolePage({ lang: consoleLang(c.req.header('accept-language')), ...session }));
    if (getCookie(c, SESSION_COOKIE)) deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
    try {
      const { seed, url } = await sessions.begin(redirectUri);
      cookie(c, SIGNIN_COOKIE, seed, '/console', 600);
      c.header('cache-control', 'no-store');
      return c.redirect(url, 302);
    } catch (e) {
      return failed(c, e);
    }
  });

  app.get('/console/callback', async (c) => {
    const q = c.req.query();
    if (q.error) return html(c, 400, signInFailedPage(consoleLang(c.req.header('accept-language')), `sign-in: the issuer answered ${q.error.slice(0, 64)}`));
    try {
      const { session } = await sessions.finish({ seed: getCookie(c, SIGNIN_COOKIE), state: q.state, code: q.code, redirectUri });
      deleteCookie(c, SIGNIN_COOKIE, { path: '/console', secure });
      cookie(c, SESSION_COOKIE, session, '/', 8 * 3600);
      c.header('cache-control', 'no-store');
      c.header('referrer-policy', 'no-referrer');
      return c.redirect('/console', 302);
    } catch (e) {
      return failed(c, e);
    }
  });

  // A plain form post (no script on the page): the CSRF token comes as the `csrf` field.
  app.post('/console/logout', async (c) => {
    const current = getCookie(c, SESSION_COOKIE);
    if (!current) return c.redirect('/console', 303);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const csrf = typeof form.csrf === 'string' ? form.csrf : undefined;
    if (!sameOrigin(c) || !sessions.csrfMatches(current, csrf)) throw new WecareError('forbidden', 'csrf: sign-out needs the page\'s csrf field, from this origin');
    const { idToken } = await sessions.end(current);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
    const url = await oidc.endSessionUrl({ idToken, postLogoutRedirectUri: `${base}/console` });
    c.header('cache-control', 'no-store');
    return c.redirect(url ?? '/console', 303);
  });

  const sessionPrincipal = async (c: Context): Promise<Principal | undefined> => {
    const value = getCookie(c, SESSION_COOKIE);
    if (!value) return undefined;
    // A cookie rides along on any cross-site request; a change needs proof the console's page sent it.
    if (!SAFE_METHODS.has(c.req.method)) {
      if (!sameOrigin(c)) throw new WecareError('forbidden', `csrf: a request authenticated by the console session must come from ${origin}`);
      if (!sessions.csrfMatches(value, c.req.header('x-csrf-token'))) throw new WecareError('forbidden', 'csrf: header x-csrf-token is missing or wrong (the console page\'s csrf-token)');
    }
    return (await sessions.resolve(value))?.principal;
  };

  return { routes: app, sessionPrincipal };
}
