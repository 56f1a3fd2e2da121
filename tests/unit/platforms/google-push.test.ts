import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOGLE_JWKS_URL, webhookSecretsFromEnv } from '../../../shared/env.ts';
import { PlatformError } from '../../../shared/platforms/api.ts';
import { googleReply } from '../../../shared/platforms/google/reply.ts';
import { googleWebhook } from '../../../shared/platforms/webhooks.ts';
import { inbound, NOW, secrets, thrown } from './support.ts';

const AUDIENCE = 'https://wecare.example.com/webhooks/google';
const ACCOUNT = 'gbp-push@wecare-demo.iam.gserviceaccount.com';
type Keys = Awaited<ReturnType<typeof generateKeyPair>>;
let google: Keys;
let stranger: Keys;
let server: Server;
let jwksUrl: string;

/** Google's certs endpoint, served locally: the verifier fetches it over real HTTP. */
beforeAll(async () => {
  google = await generateKeyPair('RS256');
  stranger = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(google.publicKey)), kid: 'google-1', alg: 'RS256', use: 'sig' };
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/oauth2/v3/certs`;
});
afterAll(() => server.close());

const claims = { email: ACCOUNT, email_verified: true };
async function token(over: { claims?: Record<string, unknown>; aud?: string; iss?: string; exp?: number; key?: Keys; kid?: string } = {}) {
  const iat = Math.floor(NOW.getTime() / 1000);
  return new SignJWT({ ...claims, ...over.claims })
    .setProtectedHeader({ alg: 'RS256', kid: over.kid ?? 'google-1', typ: 'JWT' })
    .setIssuer(over.iss ?? 'https://accounts.google.com')
    .setAudience(over.aud ?? AUDIENCE)
    .setSubject('1234567890')
    .setIssuedAt(iat)
    .setExpirationTime(over.exp ?? iat + 3600)
    .sign((over.key ?? google).privateKey);
}

const withPush = () => ({ ...secrets, googlePush: { audience: AUDIENCE, serviceAccount: ACCOUNT, jwksUrl } });
const verify = (authorization?: string, s = withPush()) =>
  googleWebhook.verify(inbound('{}', authorization ? { authorization } : {}, { token: secrets.googlePushToken }), s, NOW);

describe('item 11: Pub/Sub push OIDC token', () => {
  it('accepts a token Google signed for our audience and service account, with either issuer spelling', async () => {
    await expect(verify(`Bearer ${await token()}`)).resolves.toBeUndefined();
    await expect(verify(`Bearer ${await token({ iss: 'accounts.google.com' })}`)).resolves.toBeUndefined();
  });

  it.each([
    ['no token', async () => undefined, /missing/],
    ['not a bearer JWT', async () => 'Basic abc', /Bearer/],
    ['an expired token', async () => `Bearer ${await token({ exp: Math.floor(NOW.getTime() / 1000) - 60 })}`, /expired/],
    ['another audience', async () => `Bearer ${await token({ aud: 'https://evil.example/webhooks/google' })}`, /aud/],
    ['another issuer', async () => `Bearer ${await token({ iss: 'https://evil.example' })}`, /iss/],
    ['another service account', async () => `Bearer ${await token({ claims: { email: 'mallory@evil.iam.gserviceaccount.com' } })}`, /service account/],
    ['an unverified e-mail', async () => `Bearer ${await token({ claims: { email_verified: false } })}`, /not verified/],
    ['a foreign key under Google kid', async () => `Bearer ${await token({ key: stranger })}`, /signature/],
    ['a foreign key under its own kid', async () => `Bearer ${await token({ key: stranger, kid: 'mallory' })}`, /signature|invalid/],
  ])('refuses %s with 401', async (_what, header, message) => {
    await expect(verify(await header())).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringMatching(message) });
  });

  it('keeps the ?token= check: a good JWT with the wrong token is 401', async () => {
    const req = inbound('{}', { authorization: `Bearer ${await token()}` }, { token: 'wrong' });
    await expect(googleWebhook.verify(req, withPush(), NOW)).rejects.toMatchObject({ code: 'unauthorized', message: 'token: does not match' });
  });

  it('answers 503 when Google keys cannot be fetched, so Pub/Sub retries', async () => {
    const down = { ...withPush(), googlePush: { audience: AUDIENCE, serviceAccount: ACCOUNT, jwksUrl: 'http://127.0.0.1:9/certs' } };
    await expect(verify(`Bearer ${await token()}`, down)).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('is required only when GOOGLE_PUSH_AUDIENCE is set, and then needs the service account', () => {
    expect(webhookSecretsFromEnv({}).googlePush).toBeUndefined();
    expect(() => webhookSecretsFromEnv({ GOOGLE_PUSH_AUDIENCE: AUDIENCE })).toThrow(/GOOGLE_PUSH_SERVICE_ACCOUNT/);
    expect(webhookSecretsFromEnv({ GOOGLE_PUSH_AUDIENCE: AUDIENCE, GOOGLE_PUSH_SERVICE_ACCOUNT: ACCOUNT }).googlePush).toEqual({ audience: AUDIENCE, serviceAccount: ACCOUNT, jwksUrl: GOOGLE_JWKS_URL });
    expect(webhookSecretsFromEnv({ GOOGLE_PUSH_AUDIENCE: AUDIENCE, GOOGLE_PUSH_SERVICE_ACCOUNT: ACCOUNT, GOOGLE_JWKS_URL: jwksUrl }).googlePush?.jwksUrl).toBe(jwksUrl);
  });
});

describe('item 11: Google review names keep their documented shape', () => {
  const push = (review: string) =>
    JSON.stringify({ message: { data: Buffer.from(JSON.stringify({ type: 'NEW_REVIEW', review })).toString('base64'), messageId: '1' } });
  const parse = (review: string) => googleWebhook.parse(inbound(push(review)), NOW);

  it.each([
    'accounts/1/locations/2/reviews/../../../v1/admin',
    'accounts/1/locations/2/reviews/3/../4',
    'accounts/1/locations/2/reviews/3?x=1',
    'accounts/1/locations/2/reviews/%2e%2e',
    'accounts/1/locations/2/reviews/',
    '/accounts/1/locations/2/reviews/3',
    'accounts/1/locations/../reviews/3',
  ])('refuses %s before it can reach a URL', (review) => {
    expect(thrown(() => parse(review))).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^message\.data\.review: /) });
  });

  it('accepts the documented shape with URL-safe ids', () => {
    expect(parse('accounts/108000000000000000001/locations/1234567890123456789/reviews/AIe9_BGx-enrich')).toMatchObject([{ type: 'mention' }]);
  });

  it('the reply client refuses a stored name of another shape, sending nothing', async () => {
    let called = false;
    const deps = { env: { urls: { x: '', meta: '', google: 'http://127.0.0.1:9', trustpilot: '' }, tokens: { google: 't' } }, fetch: (async () => ((called = true), new Response('{}'))) as typeof fetch };
    const msg = { platform: 'google', channel: 'public' as const, replyTo: 'accounts/1/locations/2/reviews/../../x', recipient: 'r', account: 'a', text: 'hi' };
    await expect(googleReply.send(deps, msg)).rejects.toBeInstanceOf(PlatformError);
    expect(called).toBe(false);
  });
});
