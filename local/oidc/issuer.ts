import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration, errors, type KoaContextWithOIDC } from 'oidc-provider';
import { interactionRoutes } from './interactions.ts';
import { memoryAdapter } from './memory-adapter.ts';
import { errorPage, logoutPage, pickLang } from './pages.ts';
import { createThrottle } from './throttle.ts';
import { type DemoUser, DEMO_USERS, findUser, wecareClaims } from './users.ts';

/** The console's OAuth client: public (no secret in a browser app), code flow with PKCE. */
export const CONSOLE_CLIENT_ID = 'wecare-console';

export interface IssuerOptions {
  /** OIDC_PORT, else a free port. */
  port?: number;
  /** The wecare app's URL (PUBLIC_URL): the console's redirect and sign-out targets hang off it. */
  publicUrl: string;
  /** Default `<publicUrl>/console/callback`. */
  consoleRedirect?: string;
  /** DEMO_PASSWORD: one password for the three demo users. */
  password: string;
  /** OIDC_AUDIENCE: the resource indicator and `aud` of the API's access tokens, e.g. `wecare-api`. */
  audience: string;
  /** Failed sign-ins allowed per account and per client address in the window (default 5 per 15 min). */
  throttle?: { max?: number; windowMs?: number };
  /** Who may sign in; default the three demo users (tests add e.g. an incident manager). */
  users?: readonly DemoUser[];
}

export interface Issuer {
  /** The issuer URL: OIDC_ISSUER for the API, and where discovery lives (`/.well-known/openid-configuration`). */
  issuer: string;
  /** The API's resource indicator (`<publicUrl>/api`); the console gets it by default, others may ask with `resource=`. */
  resource: string;
  close(): Promise<void>;
}

/**
 * The local identity provider of `npm start` and the tests: `oidc-provider` (a certified OpenID
 * Provider), not a token minter, so the console and the tests run the same code flow a Cognito
 * hosted UI or a company's issuer will. Keys and sessions live in memory: a restart signs everyone out.
 */
export async function startIssuer(opts: IssuerOptions): Promise<Issuer> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new Error(e.code === 'EADDRINUSE' ? `OIDC_PORT ${opts.port} is in use; set OIDC_PORT to another` : e.message)));
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const store = memoryAdapter();
  const resource = `${opts.publicUrl.replace(/\/$/, '')}/api`;
  const provider = new Provider(issuer, { ...(await configuration(opts, resource)), adapter: store.factory });
  const interactions = interactionRoutes(provider, {
    password: opts.password,
    users: opts.users ?? DEMO_USERS,
    throttle: createThrottle(opts.throttle),
    clientId: CONSOLE_CLIENT_ID,
    formAction: [issuer, new URL(opts.consoleRedirect ?? `${opts.publicUrl}/console/callback`).origin],
  });
  const oidc = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/')) void interactions(req, res);
    else oidc(req, res);
  });
  return { issuer, resource, close: () => (store.stop(), closeServer(server)) };
}

async function configuration(opts: IssuerOptions, resource: string): Promise<Configuration> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: `local-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' };
  const { audience } = opts;
  return {
    clients: [
      {
        client_id: CONSOLE_CLIENT_ID,
        client_name: 'wecare console',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [opts.consoleRedirect ?? `${opts.publicUrl}/console/callback`],
        post_logout_redirect_uris: [`${opts.publicUrl}/console`],
      },
    ],
    responseTypes: ['code'],
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // PKCE with S256 for every request, not only the ones the library deems public.
    pkce: { methods: ['S256'], required: () => true },
    jwks: { keys: [signingKey as never] },
    // Signed cookies with a key made at start; nothing shared with any other run.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    ttl: { AccessToken: 15 * 60, AuthorizationCode: 60, IdToken: 15 * 60, Interaction: 10 * 60, Session: 8 * 3600, Grant: 8 * 3600, RefreshToken: 8 * 3600 },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      // The library's built-in pages are for development only; ours are in ./pages.ts.
      devInteractions: { enabled: false },
      // The console's sign-out ends the issuer's session too; the confirmation in the browser's language.
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(pickLang(ctx.get('accept-language')), form);
        },
      },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // The console asks for no resource and still gets an API token: the API is the one resource here.
        defaultResource: () => resource,
        useGrantedResource: () => true,
        // RFC 8707 wants an absolute URI as the indicator; the token's `aud` is OIDC_AUDIENCE, e.g. `wecare-api`.
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resource) throw new errors.InvalidTarget();
          return { scope: 'api', audience, accessTokenFormat: 'jwt', accessTokenTTL: 15 * 60, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    findAccount: (_ctx, sub) => {
      const user = findUser(sub, opts.users);
      return user && { accountId: user.email, claims: () => ({ sub: user.email, email: user.email, email_verified: true, name: user.name }) };
    },
    // The API's access tokens carry the role and brands shared/auth/claims.ts reads.
    extraTokenClaims: (_ctx, token) => {
      const user = 'accountId' in token && token.accountId ? findUser(token.accountId, opts.users) : undefined;
      return user && wecareClaims(user);
    },
    // The console's server side refreshes its short session (issue 13 item 6); refresh tokens rotate.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    loadExistingGrant: (ctx) => firstPartyGrant(ctx),
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(pickLang(ctx.get('accept-language')), out.error_description ?? out.error);
    },
  };
}

/**
 * No consent screen for wecare's own console: whatever it asks of the OpenID scopes and the API is
 * granted on sign-in, as the deployer, not the user, decides what the console may do.
 */
async function firstPartyGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client!.clientId);
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (oidc.client?.clientId !== CONSOLE_CLIENT_ID || !oidc.session?.accountId) return existing;
  const grant = existing ?? new oidc.provider.Grant({ clientId: CONSOLE_CLIENT_ID, accountId: oidc.session.accountId });
  grant.addOIDCScope([...oidc.requestParamScopes].filter((s) => ['openid', 'email', 'profile', 'offline_access'].includes(s)).join(' '));
  for (const [indicator, server] of Object.entries(oidc.resourceServers ?? {})) grant.addResourceScope(indicator, server.scope);
  await grant.save();
  return grant;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Browsers keep connections open; the issuer must not hold `npm start` up on Ctrl-C.
    server.closeAllConnections();
  });
}
