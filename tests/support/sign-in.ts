import { createHash, randomBytes } from 'node:crypto';

/**
 * A browser's part of the authorization-code flow with PKCE, in plain fetch: tests sign in through
 * the local issuer (local/oidc/issuer.ts) over HTTP the way a person does, instead of minting tokens.
 *
 *   const tokens = await signIn({ issuer, redirectUri, email: 'agent@demo.test', password });
 *   fetch(`${api}/api/mentions?brand=demo`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
 *
 * Step by step (for tests of the sign-in page itself): `beginSignIn` → `flow.page` (the sign-in
 * page) → `flow.submit(email, password)` → `{ code }` or the page again → `flow.exchange(code)`.
 */
export interface SignInOptions {
  issuer: string;
  redirectUri: string;
  clientId?: string;
  /** Default `openid email profile`. */
  scope?: string;
  /** Sent as the browser's Accept-Language on every request (the page's language). */
  acceptLanguage?: string;
}

export interface Tokens {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  expiresIn: number;
  scope?: string;
}

export interface Page {
  status: number;
  url: string;
  html: string;
}

export interface SignInFlow {
  /** The sign-in page the authorization request led to. */
  page: Page;
  /** Posts the form; `code` once the issuer redirects to the redirect URI, else the page it answered. */
  submit(email: string, password: string): Promise<{ code?: string; page?: Page }>;
  exchange(code: string): Promise<Tokens>;
}

export async function signIn(opts: SignInOptions & { email: string; password: string }): Promise<Tokens> {
  const flow = await beginSignIn(opts);
  const { code, page } = await flow.submit(opts.email, opts.password);
  if (!code) throw new Error(`sign-in as ${opts.email} failed: HTTP ${page?.status} ${page?.html.match(/role="alert">([^<]*)/)?.[1] ?? ''}`);
  return flow.exchange(code);
}

export async function beginSignIn(opts: SignInOptions): Promise<SignInFlow> {
  const clientId = opts.clientId ?? 'wecare-console';
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const discovery = (await (await fetch(`${opts.issuer}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string; token_endpoint: string };
  const browser = cookieBrowser(new URL(opts.issuer).origin, opts.redirectUri, opts.acceptLanguage);

  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: opts.redirectUri,
    scope: opts.scope ?? 'openid email profile',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const first = await browser.go(authorize.href);
  if (!first.page) throw new Error('the authorization request went straight back without a sign-in page');
  const action = first.page.html.match(/<form[^>]*action="([^"]+)"/)?.[1];

  return {
    page: first.page,
    async submit(email, password) {
      if (!action) throw new Error(`no sign-in form on ${first.page!.url}`);
      const landed = await browser.go(new URL(action.replace(/&#38;/g, '&'), first.page!.url).href, new URLSearchParams({ email, password }));
      if (!landed.redirect) return { page: landed.page };
      if (landed.redirect.searchParams.get('state') !== state) throw new Error('state came back changed');
      const error = landed.redirect.searchParams.get('error');
      if (error) throw new Error(`the issuer redirected with error ${error}: ${landed.redirect.searchParams.get('error_description')}`);
      return { code: landed.redirect.searchParams.get('code') ?? undefined };
    },
    async exchange(code) {
      const res = await fetch(discovery.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: opts.redirectUri, client_id: clientId, code_verifier: verifier }),
      });
      const body = (await res.json()) as Record<string, string | number | undefined>;
      if (!res.ok) throw new Error(`token endpoint: HTTP ${res.status} ${body.error}: ${body.error_description}`);
      return {
        accessToken: String(body.access_token),
        idToken: body.id_token as string | undefined,
        refreshToken: body.refresh_token as string | undefined,
        expiresIn: Number(body.expires_in),
        scope: body.scope as string | undefined,
      };
    },
  };
}

/**
 * Follows redirects itself, keeping the issuer's cookies (fetch keeps none), and stops at the
 * redirect URI, which belongs to the app under test and is handed back instead of fetched.
 */
function cookieBrowser(origin: string, redirectUri: string, acceptLanguage?: string) {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attrs.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()) || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired) jar.delete(name);
      else jar.set(name, pair.slice(eq + 1).trim());
    }
  };
  return {
    async go(start: string, form?: URLSearchParams): Promise<{ page?: Page; redirect?: URL }> {
      let url = start;
      let body = form;
      for (let hop = 0; hop < 10; hop++) {
        if (url.startsWith(redirectUri)) return { redirect: new URL(url) };
        const sameOrigin = new URL(url).origin === origin;
        const headers: Record<string, string> = {};
        if (sameOrigin && jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
        if (acceptLanguage) headers['accept-language'] = acceptLanguage;
        if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
        const res = await fetch(url, { method: body ? 'POST' : 'GET', headers, body, redirect: 'manual' });
        if (sameOrigin) remember(res);
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location) {
          await res.arrayBuffer();
          url = new URL(location, url).href;
          body = undefined; // 302/303 after a form post: the browser follows with GET
          continue;
        }
        return { page: { status: res.status, url, html: await res.text() } };
      }
      throw new Error(`more than 10 redirects from ${start}`);
    },
  };
}
