import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Issuer, startIssuer } from '../../local/oidc/issuer.ts';
import { createJwtVerifier } from '../../shared/auth/jwt.ts';
import { beginSignIn, signIn } from '../support/sign-in.ts';

/**
 * Issue 13 items 2 and 7: a person signs in through the local issuer (oidc-provider) over HTTP,
 * the code flow with PKCE, and the API's verifier turns the access token into their Principal.
 */
const APP = 'http://127.0.0.1:3999';
const REDIRECT = `${APP}/console/callback`;
const PASSWORD = 'correct horse battery staple';
const AUDIENCE = 'wecare-api';

const start = () => startIssuer({ publicUrl: APP, password: PASSWORD, audience: AUDIENCE });

let idp: Issuer;
beforeAll(async () => {
  idp = await start();
});
afterAll(() => idp?.close());

describe('sign-in through the local issuer', () => {
  it('agent@demo.test signs in and the API verifier yields the agent of brand demo', async () => {
    const tokens = await signIn({ issuer: idp.issuer, redirectUri: REDIRECT, email: 'agent@demo.test', password: PASSWORD });
    expect(decodeProtectedHeader(tokens.accessToken)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(decodeJwt(tokens.accessToken)).toMatchObject({ iss: idp.issuer, aud: AUDIENCE, client_id: 'wecare-console' });
    expect(tokens.idToken).toBeTruthy();
    const verifier = createJwtVerifier({ issuer: idp.issuer, audience: AUDIENCE });
    expect(await verifier.verify(tokens.accessToken)).toEqual({ actor: { type: 'user', id: 'agent@demo.test' }, role: 'agent', brands: ['demo'] });
  });

  it('admin@demo.test gets every brand; the ID token is not an API credential', async () => {
    const tokens = await signIn({ issuer: idp.issuer, redirectUri: REDIRECT, email: 'admin@demo.test', password: PASSWORD });
    const verifier = createJwtVerifier({ issuer: idp.issuer, audience: AUDIENCE });
    expect(await verifier.verify(tokens.accessToken)).toMatchObject({ role: 'admin', brands: 'all' });
    await expect(verifier.verify(tokens.idToken!)).rejects.toMatchObject({ reason: 'wrong_audience' });
  });

  it('serves a labelled English page, and Dutch for Accept-Language nl', async () => {
    const en = (await beginSignIn({ issuer: idp.issuer, redirectUri: REDIRECT, acceptLanguage: 'en-GB,en;q=0.9' })).page;
    expect(en.status).toBe(200);
    expect(en.html).toMatch(/<label for="email">E-mail<\/label>/);
    expect(en.html).toMatch(/<label for="password">Password<\/label>/);
    expect(en.html).toMatch(/<button type="submit">Sign in<\/button>/);
    const nl = (await beginSignIn({ issuer: idp.issuer, redirectUri: REDIRECT, acceptLanguage: 'nl-NL,nl;q=0.9,en;q=0.8' })).page;
    expect(nl.html).toContain('lang="nl"');
    expect(nl.html).toMatch(/<label for="password">Wachtwoord<\/label>/);
    expect(nl.html).toMatch(/<button type="submit">Inloggen<\/button>/);
  });

  it('a wrong password answers the page with an error and no code', async () => {
    const flow = await beginSignIn({ issuer: idp.issuer, redirectUri: REDIRECT });
    const { code, page } = await flow.submit('lead@demo.test', 'wrong');
    expect(code).toBeUndefined();
    expect(page?.status).toBe(401);
    expect(page?.html).toContain('E-mail or password is wrong.');
    // The same interaction still accepts the right password afterwards.
    expect((await flow.submit('lead@demo.test', PASSWORD)).code).toBeTruthy();
  });

  it('refuses a client that skips PKCE and a redirect URI it does not know', async () => {
    const auth = `${idp.issuer}/auth?client_id=wecare-console&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT)}`;
    const noPkce = await fetch(auth, { redirect: 'manual' });
    expect(new URL(noPkce.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    const elsewhere = await fetch(auth.replace(encodeURIComponent(REDIRECT), encodeURIComponent('https://evil.test/cb')), { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
  });
});

describe('failed sign-ins are throttled', () => {
  let own: Issuer;
  beforeAll(async () => {
    own = await start();
  });
  afterAll(() => own?.close());

  it('the sixth wrong try for an account answers 429, even with the right password', async () => {
    const flow = await beginSignIn({ issuer: own.issuer, redirectUri: REDIRECT, acceptLanguage: 'nl' });
    for (let i = 0; i < 5; i++) expect((await flow.submit('agent@demo.test', `guess-${i}`)).page?.status).toBe(401);
    const sixth = await flow.submit('agent@demo.test', 'guess-5');
    expect(sixth.page?.status).toBe(429);
    expect(sixth.page?.html).toContain('Te vaak mislukt');
    expect((await flow.submit('agent@demo.test', PASSWORD)).page?.status).toBe(429);
  });

  it('counts per client address too: another account from the same address is held back', async () => {
    const flow = await beginSignIn({ issuer: own.issuer, redirectUri: REDIRECT });
    expect((await flow.submit('admin@demo.test', 'guess')).page?.status).toBe(429);
  });
});
