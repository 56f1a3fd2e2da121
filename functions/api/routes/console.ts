import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { consoleSessions, SignInError } from '../../../shared/auth/console-session.ts';
import { createOidcClient } from '../../../shared/auth/oidc-client.ts';
import { canSeeBrand, type Principal } from '../../../shared/auth/principal.ts';
import { incidentPermalink } from '../../../shared/incident.ts';
import { activeIncidentsCache } from '../../../shared/incidents/active.ts';
import { consoleAssets } from '../../../shared/console/assets.ts';
import { consoleLang } from '../../../shared/console/i18n.ts';
import { consoleCsp, type Viewer } from '../../../shared/console/layout.tsx';
import { forbiddenPage, notFoundPage, signInFailedPage } from '../../../shared/console/page.tsx';
import { WecareError } from '../../../shared/errors.ts';
import { onError } from '../../adapters/errors.ts';
import type { ApiContext } from '../context.ts';
import { caseRoutes } from './console-case.ts';
import { dashboardRoutes } from './console-dashboard.ts';
import { incidentRoutes } from './console-incidents.ts';
import { inboxRoutes } from './console-inbox.ts';

/** The session cookie (README, "People"): HttpOnly, SameSite=Lax, Path=/, Secure outside local mode. */
export const SESSION_COOKIE = 'wecare_session';
/** The sign-in in progress: its seed yields state, nonce and PKCE verifier; 10 minutes, /console only. */
export const SIGNIN_COOKIE = 'wecare_signin';

/** Where the browser was going when its session had run out: back there after sign-in. */
export const RETURN_COOKIE = 'wecare_return';
/** The language the switch chose (`?lang=`), for a year. */
export const LANG_COOKIE = 'lang';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A console page's request, after the session guard: who is looking, and a POST's form fields (CSRF checked). */
export type ConsoleEnv = { Variables: { viewer: Viewer; form: Record<string, string>; ids: string[] } };

/** Only a path of the console itself may be returned to (no other origin, no `//host`). */
const returnPath = (p: string | undefined) => (p && /^\/console(\/[\w\-/.%]*)?(\?[^#\s]*)?$/.test(p) && !p.startsWith('//') ? p : '/console');

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
  const app = new Hono<ConsoleEnv>();
  if (!ctx.oidc || !ctx.jwt) {
    app.all('/console/*', () => {
      throw new WecareError('not_found', 'console: sign-in is not configured (OIDC_ISSUER)');
    });
    app.all('/console', () => {
      throw new WecareError('not_found', 'console: sign-in is not configured (OIDC_ISSUER)');
    });
    return { routes: app as unknown as Hono };
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
  const html = async (c: Context, status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 429 | 502 | 503, body: string) => {
    c.header('cache-control', 'no-store');
    c.header('content-security-policy', consoleCsp(await issuerOrigin()));
    c.header('x-content-type-options', 'nosniff');
    c.header('x-frame-options', 'DENY');
    // same-origin, not no-referrer: with no-referrer a browser's form posts carry `Origin: null`,
    // which the CSRF check must refuse; other sites still get no referrer at all.
    c.header('referrer-policy', 'same-origin');
    c.header('vary', 'Accept-Language, Cookie');
    return c.html(body, status);
  };
  const failed = (c: Context, e: unknown) => {
    if (!(e instanceof SignInError)) throw e;
    return html(c, e.kind === 'unavailable' ? 503 : 400, signInFailedPage(langOf(c), e.message));
  };
  const langOf = (c: Context) => consoleLang(c.req.header('accept-language'), c.req.query('lang') ?? getCookie(c, LANG_COOKIE));
  /** Off to the issuer's sign-in page, remembering where to come back to. */
  const signIn = async (c: Context, back: string) => {
    try {
      const { seed, url } = await sessions.begin(redirectUri);
      cookie(c, SIGNIN_COOKIE, seed, '/console', 600);
      cookie(c, RETURN_COOKIE, back, '/console', 600);
      c.header('cache-control', 'no-store');
      return c.redirect(url, 302);
    } catch (e) {
      return failed(c, e);
    }
  };
  const sameOrigin = (c: Context) => {
    const given = c.req.header('origin');
    return given === undefined || given === origin;
  };

  // The fingerprinted script and style sheet: public, the same for everyone, cached for a year.
  app.get('/console/assets/:name', (c) => {
    const asset = consoleAssets().byName.get(c.req.param('name'));
    if (!asset) throw new WecareError('not_found', `console: no asset "${c.req.param('name').slice(0, 80)}"`);
    c.header('content-type', asset.type);
    c.header('cache-control', 'public, max-age=31536000, immutable');
    c.header('x-content-type-options', 'nosniff');
    return c.body(asset.body);
  });

  // Read at most every 5 s per brand and process: the banner costs the inbox nothing measurable.
  const activeIncidents = activeIncidentsCache(ctx.store);
  const crisisOf = async (p: Principal) => {
    const brands = ctx.brands.all.filter((b) => canSeeBrand(p, b.id));
    const open = (await Promise.all(brands.map((b) => activeIncidents(b.id)))).flat();
    return open
      .filter((i) => i.kind === 'incident' && (i.impact === 'major' || i.impact === 'critical'))
      .map((i) => ({ brand: i.brand, name: i.name, impact: i.impact, link: incidentPermalink(base, i.brand, i.id) }));
  };

  /**
   * Every console page: a session (else off to sign-in, and back here after), the language, and
   * on a POST the form's CSRF field from this origin. The routes read `viewer` and `form`.
   */
  // Everything else under /console is a page of a signed-in person.
  const PUBLIC = new Set(['/console/callback', '/console/logout']);
  app.use('/console/*', async (c, next) => {
    const path = c.req.path;
    if (PUBLIC.has(path) || path.startsWith('/console/assets/')) return next();
    const value = getCookie(c, SESSION_COOKIE);
    const session = await sessions.resolve(value);
    const chosen = c.req.query('lang');
    if (chosen === 'en' || chosen === 'nl') setCookie(c, LANG_COOKIE, chosen, { path: '/console', maxAge: 365 * 86_400, sameSite: 'Lax', secure });
    if (!session) {
      if (value) deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
      if (c.req.method !== 'GET') return c.redirect('/console', 303);
      // The live rows of an open inbox or incident: the page reloads into sign-in rather than splicing a sign-in page in.
      if (path === '/console/inbox/rows' || /^\/console\/incidents\/[^/]+\/deliveries$/.test(path)) return c.body(null, 401);
      return signIn(c, `${path}${new URL(c.req.url).search}`);
    }
    if (c.req.method === 'POST') {
      const raw = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
      const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
      const form = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, first(v)]).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const ids = ([] as unknown[]).concat(raw.ids ?? []).filter((v): v is string => typeof v === 'string');
      if (!sameOrigin(c) || !sessions.csrfMatches(value, form.csrf)) throw new WecareError('forbidden', 'csrf: a console form needs the page\'s csrf field, from this origin');
      c.set('form', form);
      c.set('ids', ids);
    }
    const url = new URL(c.req.url);
    c.set('viewer', { lang: langOf(c), principal: session.principal, email: session.email, csrf: session.csrf, here: `${url.pathname}${url.search}`, crisis: await crisisOf(session.principal) });
    await next();
  });
  app.get('/console/callback', async (c) => {
    const q = c.req.query();
    if (q.error) return html(c, 400, signInFailedPage(langOf(c), `sign-in: the issuer answered ${q.error.slice(0, 64)}`));
    try {
      const { session } = await sessions.finish({ seed: getCookie(c, SIGNIN_COOKIE), state: q.state, code: q.code, redirectUri });
      deleteCookie(c, SIGNIN_COOKIE, { path: '/console', secure });
      const back = returnPath(getCookie(c, RETURN_COOKIE));
      deleteCookie(c, RETURN_COOKIE, { path: '/console', secure });
      cookie(c, SESSION_COOKIE, session, '/', 8 * 3600);
      c.header('cache-control', 'no-store');
      c.header('referrer-policy', 'no-referrer');
      return c.redirect(back, 302);
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

  inboxRoutes(app, ctx, html);
  caseRoutes(app, ctx, html);
  dashboardRoutes(app, ctx, html);
  incidentRoutes(app, ctx, html);
  // A case or brand out of scope is a page that says "not found", as the API's 404 does.
  app.onError((e, c) => {
    if (e instanceof WecareError && e.code === 'not_found' && c.get('viewer')) return html(c, 404, notFoundPage(c.get('viewer')));
    if (e instanceof WecareError && e.code === 'forbidden' && c.get('viewer') && c.req.method === 'GET') return html(c, 403, forbiddenPage(c.get('viewer')));
    return onError(e, c);
  });

  return { routes: app as unknown as Hono, sessionPrincipal };
}
