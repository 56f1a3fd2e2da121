import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/api/app.ts';
import type { ApiContext } from '../../functions/api/context.ts';
import { type Issuer, startIssuer } from '../../local/oidc/issuer.ts';
import { createJwtVerifier } from '../../shared/auth/jwt.ts';
import type { Store } from '../../shared/store/client.ts';
import { getSession } from '../../shared/store/sessions.ts';
import { apiContext } from '../support/api.ts';
import { freshResources } from '../support/emulators.ts';

/**
 * Issue 13 item 6: the console's server side, walked over HTTP the way a browser does it, against
 * the local issuer (oidc-provider): GET /console → the issuer's sign-in page → credentials →
 * /console/callback → session cookie → the page and the API with only the cookie → CSRF → sign-out
 * at wecare and at the issuer. The "browser" is fetch with a cookie jar per origin.
 */
const PASSWORD = 'correct horse battery staple';
const AUDIENCE = 'wecare-api';

let server: ReturnType<typeof serve>;
let idp: Issuer;
let APP: string;
let store: Store;
let skewMs = 0;

beforeAll(async () => {
  const fresh = await freshResources('console-session');
  store = fresh.store;
  // The app needs the issuer, which needs the app's URL: listen first, build the app after.
  const late: { app?: ReturnType<typeof createApiApp> } = {};
  server = serve({ fetch: (req, env) => late.app!.fetch(req, env), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
  APP = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  idp = await startIssuer({ publicUrl: APP, password: PASSWORD, audience: AUDIENCE });
  const ctx: ApiContext = {
    ...apiContext(store, fresh.resources, () => new Date(Date.now() + skewMs)),
    publicUrl: APP,
    oidc: { issuer: idp.issuer, audience: AUDIENCE, clientId: 'wecare-console' },
    jwt: createJwtVerifier({ issuer: idp.issuer, audience: AUDIENCE }),
  };
  late.app = createApiApp(ctx);
});
afterAll(async () => {
  await idp?.close();
  await new Promise((r) => server?.close(r));
});

interface Hop {
  url: string;
  status: number;
  location?: string;
  setCookies: string[];
}

/** A browser in miniature: cookies per host (with Path), redirects followed by hand, every hop kept. */
function browser(acceptLanguage = 'en') {
  const jar = new Map<string, Map<string, { value: string; path: string }>>();
  const cookiesFor = (url: URL) =>
    [...(jar.get(url.host) ?? [])].filter(([, c]) => url.pathname.startsWith(c.path)).map(([k, c]) => `${k}=${c.value}`).join('; ');
  const remember = (url: URL, lines: string[]) => {
    const host = jar.get(url.host) ?? new Map();
    jar.set(url.host, host);
    for (const line of lines) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      if (attrs.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()))) host.delete(name);
      else host.set(name, { value: pair.slice(name.length + 1), path });
    }
  };
  const b = {
    hops: [] as Hop[],
    cookie: (origin: string, name: string) => jar.get(new URL(origin).host)?.get(name)?.value,
    async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string>; follow?: boolean } = {}) {
      let target = new URL(url);
      let method = init.method ?? (init.form ? 'POST' : 'GET');
      let body: URLSearchParams | undefined = init.form && new URLSearchParams(init.form);
      for (let i = 0; i < 15; i++) {
        const headers: Record<string, string> = { 'accept-language': acceptLanguage, ...(i === 0 ? init.headers : {}) };
        const cookie = cookiesFor(target);
        if (cookie) headers.cookie = cookie;
        if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
        const res = await fetch(target, { method, headers, body, redirect: 'manual' });
        const hop = { url: target.href, status: res.status, location: res.headers.get('location') ?? undefined, setCookies: res.headers.getSetCookie() };
        b.hops.push(hop);
        remember(target, hop.setCookies);
        if (init.follow === false || !hop.location || res.status < 300 || res.status >= 400) return { res, hop, text: await res.text() };
        await res.arrayBuffer();
        target = new URL(hop.location, target);
        method = 'GET';
        body = undefined;
      }
      throw new Error('too many redirects');
    },
  };
  return b;
}

const formOf = (html: string) => {
  const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1]?.replace(/&#38;|&amp;/g, '&');
  const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  return { action, hidden };
};

/** GET /console, follow to the sign-in page, post the credentials, follow back to the console. */
async function signInThroughConsole(b: ReturnType<typeof browser>, email: string) {
  const page = await b.request(`${APP}/console`);
  expect(page.hop.url).toMatch(new RegExp(`^${idp.issuer}/interaction/`));
  const { action } = formOf(page.text);
  return b.request(new URL(action!, page.hop.url).href, { form: { email, password: PASSWORD } });
}

describe('console sign-in over the code flow', () => {
  it('GET /console without a session sends the browser to the issuer with PKCE, state and nonce', async () => {
    const b = browser();
    const { hop } = await b.request(`${APP}/console`, { follow: false });
    expect(hop.status).toBe(302);
    const to = new URL(hop.location!);
    expect(`${to.origin}${to.pathname}`).toBe(`${idp.issuer}/auth`);
    const q = Object.fromEntries(to.searchParams);
    expect(q).toMatchObject({ response_type: 'code', client_id: 'wecare-console', redirect_uri: `${APP}/console/callback`, scope: 'openid email profile offline_access', code_challenge_method: 'S256' });
    expect(q.state).toMatch(/^[\w-]{43}$/);
    expect(q.nonce).toMatch(/^[\w-]{43}$/);
    expect(q.code_challenge).toMatch(/^[\w-]{43}$/);
    const signin = hop.setCookies.find((c) => c.startsWith('wecare_signin='))!;
    expect(signin).toMatch(/HttpOnly/);
    expect(signin).toMatch(/SameSite=Lax/);
    expect(signin).toMatch(/Path=\/console/);
  });

  it('signs the agent in, serves the page and the API on the cookie alone; CSRF guards changes; sign-out ends both sessions', async () => {
    const b = browser('nl-NL,nl;q=0.9,en;q=0.8');
    const landed = await signInThroughConsole(b, 'agent@demo.test');

    // Back through the callback, which set the session cookie and sent the browser to /console.
    const callback = b.hops.find((h) => h.url.startsWith(`${APP}/console/callback?`))!;
    expect(callback.status).toBe(302);
    expect(callback.location).toBe('/console');
    const sessionCookie = callback.setCookies.find((c) => c.startsWith('wecare_session='))!;
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(sessionCookie).toMatch(/SameSite=Lax/);
    expect(sessionCookie).toMatch(/Path=\/(;|$)/);
    expect(sessionCookie).not.toMatch(/Secure/); // local mode (http://127.0.0.1) only
    expect(callback.setCookies.some((c) => /^wecare_signin=;/.test(c))).toBe(true);

    // The page: who is signed in, in Dutch, with the CSRF token for the console's script.
    expect(landed.res.status).toBe(200);
    expect(landed.hop.url).toBe(`${APP}/console`);
    expect(landed.res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(landed.res.headers.get('content-security-policy')).toContain(`form-action 'self' ${idp.issuer}`);
    expect(landed.res.headers.get('cache-control')).toBe('no-store');
    expect(landed.text).toContain('<html lang="nl"');
    expect(landed.text).toContain('agent@demo.test');
    expect(landed.text).toMatch(/<span id="role" data-role="agent">Medewerker<\/span>/);
    expect(landed.text).toMatch(/<span id="brands">demo<\/span>/);
    expect(landed.text).toMatch(/<button type="submit" class="link">Uitloggen<\/button>/);
    // The console's script is one file from this origin; no inline script (the CSP forbids it).
    expect(landed.text).not.toMatch(/<script(?![^>]*\ssrc="\/console\/assets\/console\.\w+\.js")/);
    const csrf = landed.text.match(/<meta name="csrf-token" content="([^"]+)"\/?>/)![1]!;

    // The API with nothing but the cookie: the agent of brand demo.
    const list = await b.request(`${APP}/api/mentions?brand=demo`);
    expect(list.res.status).toBe(200);
    expect(JSON.parse(list.text)).toHaveProperty('items');

    // A change authenticated by the cookie needs the page's token, from wecare's own origin.
    const noToken = await b.request(`${APP}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(noToken.res.status).toBe(403);
    expect(noToken.text).toMatch(/x-csrf-token/);
    const wrongOrigin = await b.request(`${APP}/api/tokens`, { method: 'POST', headers: { 'x-csrf-token': csrf, origin: 'https://evil.test' } });
    expect(wrongOrigin.res.status).toBe(403);
    expect(wrongOrigin.text).toMatch(/csrf/);
    // With the token the request reaches the route, where the agent's role decides (no right to tokens).
    const withToken = await b.request(`${APP}/api/tokens`, { method: 'POST', headers: { 'x-csrf-token': csrf, origin: APP, 'content-type': 'application/json' } });
    expect(withToken.res.status).toBe(403);
    expect(withToken.text).toMatch(/tokens:manage/);

    // Sign-out: a forged form is refused; the real one ends the session and goes to the issuer.
    const value = b.cookie(APP, 'wecare_session')!;
    expect((await b.request(`${APP}/console/logout`, { form: { csrf: 'forged' }, follow: false })).res.status).toBe(403);
    const out = await b.request(`${APP}/console/logout`, { form: { csrf }, headers: { origin: APP }, follow: false });
    expect(out.res.status).toBe(303);
    const end = new URL(out.hop.location!);
    expect(`${end.origin}${end.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${APP}/console`);
    expect(end.searchParams.get('id_token_hint')).toBeTruthy();
    expect(out.hop.setCookies.some((c) => /^wecare_session=;/.test(c) && /Max-Age=0/i.test(c))).toBe(true);
    expect(await getSession(store, Buffer.from(value, 'base64url'), new Date())).toBeUndefined();
    // The old cookie value, replayed, is nobody.
    expect((await fetch(`${APP}/api/mentions?brand=demo`, { headers: { cookie: `wecare_session=${value}` } })).status).toBe(401);

    // The issuer asks to confirm, then returns to /console, which (no session) goes to sign-in again:
    // the issuer's session ended too, so it shows its sign-in page rather than signing straight back in.
    const confirm = await b.request(end.href);
    expect(confirm.res.status).toBe(200);
    expect(confirm.text).toMatch(/<button autofocus type="submit" form="op.logoutForm" name="logout" value="yes">Uitloggen<\/button>/);
    const { action, hidden } = formOf(confirm.text);
    const after = await b.request(new URL(action!, confirm.hop.url).href, { form: { ...hidden, logout: 'yes' } });
    expect(b.hops.some((h) => h.url === `${APP}/console`)).toBe(true);
    expect(after.hop.url).toMatch(new RegExp(`^${idp.issuer}/interaction/`));
    expect(after.text).toMatch(/<label for="password">Wachtwoord<\/label>/);
  });

  it('an admin signed in through the console creates an API token with the cookie and the CSRF header', async () => {
    const b = browser();
    const landed = await signInThroughConsole(b, 'admin@demo.test');
    expect(landed.text).toContain('All brands');
    const csrf = landed.text.match(/<meta name="csrf-token" content="([^"]+)"\/?>/)![1]!;
    const res = await fetch(`${APP}/api/tokens`, {
      method: 'POST',
      headers: { cookie: `wecare_session=${b.cookie(APP, 'wecare_session')}`, 'x-csrf-token': csrf, origin: APP, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'from the console', role: 'agent', brands: ['demo'] }),
    });
    expect(res.status).toBe(201);
  });

  it('refreshes at the issuer before the access token expires (rotation), and ends after 15 idle minutes', async () => {
    const b = browser();
    await signInThroughConsole(b, 'lead@demo.test');
    const id = Buffer.from(b.cookie(APP, 'wecare_session')!, 'base64url');
    const before = (await getSession(store, id, new Date()))!;
    expect(before.version).toBe(1);
    try {
      skewMs = 14.5 * 60_000; // the 15-minute access token has 30 s left
      expect((await b.request(`${APP}/api/mentions?brand=demo`)).res.status).toBe(200);
      const after = (await getSession(store, id, new Date(Date.now() + skewMs)))!;
      expect(after.version).toBe(2);
      expect(after.refreshToken).toBeTruthy();
      expect(after.refreshToken).not.toBe(before.refreshToken);
      expect(after.accessExpiresAt).toBeGreaterThan(before.accessExpiresAt);
      expect(after.principal).toMatchObject({ role: 'lead', brands: ['demo'] });
      skewMs += 16 * 60_000; // nobody used it for 16 minutes
      expect((await b.request(`${APP}/api/mentions?brand=demo`)).res.status).toBe(401);
      const page = await b.request(`${APP}/console`, { follow: false });
      expect(page.hop.status).toBe(302);
      expect(page.hop.location).toMatch(new RegExp(`^${idp.issuer}/auth\\?`));
    } finally {
      skewMs = 0;
    }
  });

  it('a callback with a forged state, or without the sign-in cookie, is refused (400) and signs nobody in', async () => {
    const b = browser();
    const start = await b.request(`${APP}/console`, { follow: false });
    const state = new URL(start.hop.location!).searchParams.get('state')!;
    const forged = await b.request(`${APP}/console/callback?code=abc&state=${state.slice(0, -2)}xx`);
    expect(forged.res.status).toBe(400);
    expect(forged.text).toMatch(/state/);
    expect(forged.hop.setCookies.some((c) => c.startsWith('wecare_session='))).toBe(false);
    const stranger = await fetch(`${APP}/console/callback?code=abc&state=${state}`, { redirect: 'manual' });
    expect(stranger.status).toBe(400);
    expect(stranger.headers.getSetCookie().some((c) => c.startsWith('wecare_session='))).toBe(false);
  });

  it('a code from one browser cannot be finished in another (the state belongs to the first one\'s cookie)', async () => {
    const victim = browser();
    const attacker = browser();
    await attacker.request(`${APP}/console`, { follow: false });
    const page = await victim.request(`${APP}/console`);
    const { action } = formOf(page.text);
    const landed = await victim.request(new URL(action!, page.hop.url).href, { form: { email: 'agent@demo.test', password: PASSWORD } });
    expect(landed.res.status).toBe(200);
    const callback = victim.hops.find((h) => h.url.startsWith(`${APP}/console/callback?`))!;
    const replay = await attacker.request(callback.url);
    expect(replay.res.status).toBe(400);
  });
});
