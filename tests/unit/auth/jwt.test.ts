import { createHmac } from 'node:crypto';
import { base64url, type CryptoKey, exportSPKI, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../../../shared/auth/errors.ts';
import { createJwtVerifier } from '../../../shared/auth/jwt.ts';
import { makeKey, sign, startJwksServer, type TestKey } from './jwks-server.ts';

const ISSUER = 'https://issuer.test';
const AUD = 'wecare-api';
const agent = { iss: ISSUER, aud: AUD, sub: 'agent@demo.test', wecare_role: 'agent', wecare_brands: ['demo'] };

let key: TestKey;
let jwks: Awaited<ReturnType<typeof startJwksServer>>;
beforeAll(async () => {
  key = await makeKey('k1');
  jwks = await startJwksServer([key]);
});
afterAll(() => jwks.close());

const verifier = (over: Partial<Parameters<typeof createJwtVerifier>[0]> = {}) => createJwtVerifier({ issuer: ISSUER, audience: AUD, jwksUrl: jwks.jwksUrl, ...over });

/** The failure's reason, and proof that its message does not echo the token. */
async function refusal(token: string, v = verifier()) {
  const e = await v.verify(token).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AuthError);
  expect((e as AuthError).message).not.toContain(token);
  return { reason: (e as AuthError).reason, message: (e as AuthError).message };
}

const unsigned = (header: object, claims: object) => `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(claims))}`;
const exp = () => Math.floor(Date.now() / 1000) + 300;

describe('createJwtVerifier', () => {
  it('accepts a good token and yields its Principal', async () => {
    expect(await verifier().verify(await sign(key, agent))).toEqual({ actor: { type: 'user', id: 'agent@demo.test' }, role: 'agent', brands: ['demo'] });
  });

  it('accepts ES256 and "*" as every brand', async () => {
    const es = await makeKey('es1', 'ES256');
    jwks.state.keys = [key, es];
    try {
      const p = await verifier().verify(await sign(es, { ...agent, wecare_role: 'admin', wecare_brands: '*' }));
      expect(p).toMatchObject({ role: 'admin', brands: 'all' });
    } finally {
      jwks.state.keys = [key];
    }
  });

  it('refuses an expired token, naming it', async () => {
    const token = await sign(key, agent, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    expect(await refusal(token)).toEqual({ reason: 'expired', message: 'token expired' });
  });

  it('uses the injected clock', async () => {
    const token = await sign(key, agent, { expiresIn: '1m' });
    expect((await refusal(token, verifier({ now: () => Date.now() + 3_600_000 }))).reason).toBe('expired');
  });

  it('refuses the wrong audience and the wrong issuer', async () => {
    expect((await refusal(await sign(key, { ...agent, aud: 'wecare-console' }))).reason).toBe('wrong_audience');
    expect((await refusal(await sign(key, { ...agent, iss: 'https://evil.test' }))).reason).toBe('wrong_issuer');
  });

  it('refuses alg none', async () => {
    const token = `${unsigned({ alg: 'none', typ: 'JWT' }, { ...agent, exp: exp() })}.`;
    expect(await refusal(token)).toMatchObject({ reason: 'wrong_algorithm' });
  });

  it('refuses HS256 signed with the public key as the secret', async () => {
    const spki = await exportSPKI((await importJWK(key.publicJwk, 'RS256', { extractable: true })) as CryptoKey);
    const input = unsigned({ alg: 'HS256', kid: key.kid }, { ...agent, exp: exp() });
    const token = `${input}.${createHmac('sha256', spki).update(input).digest('base64url')}`;
    expect((await refusal(token)).reason).toBe('wrong_algorithm');
  });

  it('refuses a foreign key: unknown kid, and a known kid with a forged signature', async () => {
    const foreign = await makeKey('intruder');
    expect((await refusal(await sign(foreign, agent), verifier({ refetchCooldownMs: 0 }))).reason).toBe('unknown_key');
    expect((await refusal(await sign(foreign, agent, { kid: key.kid }))).reason).toBe('bad_signature');
  });

  it('refuses malformed tokens and a claims set without a role', async () => {
    expect((await refusal('not-a-jwt')).reason).toBe('malformed');
    expect((await refusal('a.b.c')).reason).toBe('malformed');
    expect((await refusal(await sign(key, { iss: ISSUER, aud: AUD, sub: 'x' }))).reason).toBe('no_role');
    expect((await refusal(await sign(key, { ...agent, wecare_role: 'root' }))).reason).toBe('no_role');
    expect((await refusal(await sign(key, { ...agent, wecare_brands: ['Demo Brand'] }))).reason).toBe('bad_claims');
  });

  it('caches the keys and refetches once when a new kid appears (rotation)', async () => {
    const v = verifier({ refetchCooldownMs: 0 });
    const before = jwks.state.fetches;
    for (let i = 0; i < 5; i++) await v.verify(await sign(key, agent));
    expect(jwks.state.fetches - before).toBe(1);
    const next = await makeKey('k2');
    jwks.state.keys = [key, next];
    try {
      expect((await v.verify(await sign(next, agent))).role).toBe('agent');
      expect(jwks.state.fetches - before).toBe(2);
    } finally {
      jwks.state.keys = [key];
    }
  });

  it('finds the JWKS through discovery when no jwksUrl is given', async () => {
    const token = await sign(key, { ...agent, iss: jwks.url });
    expect((await createJwtVerifier({ issuer: jwks.url, audience: AUD }).verify(token)).role).toBe('agent');
  });

  it('says the keys are unavailable when the JWKS endpoint fails', async () => {
    jwks.state.status = 500;
    try {
      expect((await refusal(await sign(key, agent))).reason).toBe('keys_unavailable');
    } finally {
      jwks.state.status = 200;
    }
  });
});

describe('Cognito access tokens (client_id, not aud)', () => {
  const POOL = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Test123';
  const CLIENT = '1example23456789';
  const cognito = () => createJwtVerifier({ issuer: POOL, audience: CLIENT, jwksUrl: jwks.jwksUrl });
  const access = { iss: POOL, sub: '5f1c-uuid', client_id: CLIENT, token_use: 'access', scope: 'openid', 'cognito:groups': ['role:lead', 'brand:demo', 'brand:acme'] };

  it('accepts an access token for the app client, role and brands from its groups', async () => {
    expect(await cognito().verify(await sign(key, access))).toEqual({ actor: { type: 'user', id: '5f1c-uuid' }, role: 'lead', brands: ['demo', 'acme'] });
  });

  it('refuses another app client and an ID token', async () => {
    expect((await refusal(await sign(key, { ...access, client_id: 'other' }), cognito())).reason).toBe('wrong_audience');
    expect((await refusal(await sign(key, { ...access, token_use: 'id', aud: CLIENT }), cognito())).reason).toBe('wrong_token_use');
  });
});
