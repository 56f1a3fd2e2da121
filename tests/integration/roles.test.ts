import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/api/app.ts';
import type { ApiContext } from '../../functions/api/context.ts';
import { type Issuer, startIssuer } from '../../local/oidc/issuer.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { DEMO_USERS } from '../../local/oidc/users.ts';
import { createJwtVerifier } from '../../shared/auth/jwt.ts';
import { indexBrands, parseConfig } from '../../shared/config/load.ts';
import * as subscribers from '../../shared/store/subscribers.ts';
import { storeMention } from '../../shared/store/mentions.ts';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { newCase } from '../../shared/cases/upkeep.ts';
import { saveCase } from '../../shared/store/cases.ts';
import type { Store } from '../../shared/store/client.ts';
import { ADMIN, apiContext, auth } from '../support/api.ts';
import { freshResources } from '../support/emulators.ts';
import { signIn, type Tokens } from '../support/sign-in.ts';
import { replyEnvFor, triaged } from '../unit/flows/fixtures.ts';

/**
 * Issue 13 item 3: every /api route × every kind of caller. People sign in through the local
 * issuer over HTTP (no minted tokens); a second brand, `other`, makes "out of scope" real: an
 * admin API token of `other` holds every right and still sees nothing of `demo` (404).
 */
const APP = 'http://127.0.0.1:3999';
const PASSWORD = 'roles test password';
const AUDIENCE = 'wecare-api';
const USERS = [...DEMO_USERS, { email: 'im@demo.test', name: 'Demo Incident Manager', role: 'incident_manager' as const, brands: ['demo'] }];

type Caller = 'none' | 'bad' | 'agent' | 'lead' | 'incident_manager' | 'admin' | 'foreign';
const CALLERS: Caller[] = ['none', 'bad', 'agent', 'lead', 'incident_manager', 'admin', 'foreign'];
type Outcome = 'ok' | 401 | 403 | 404 | 400;

/** Two brands: the repo's demo brand and a copy of it named `other` on its own accounts. */
function twoBrands() {
  const json = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../wecare.config.json'), 'utf8')) as { brands: Array<Record<string, unknown>> };
  const demo = json.brands[0]!;
  const other = { ...demo, id: 'other', name: 'Other', accounts: { x: ['1500000000000009999'] }, linkedIdentities: [], channels: [] };
  return indexBrands(parseConfig({ ...json, brands: [demo, other] }));
}

let store: Store;
let idp: Issuer;
let sink: RecordingSink;
let ctx: ApiContext;
let app: Hono;
const bearer: Partial<Record<Caller, string>> = {};
let seq = 0;
const fresh = (prefix: string) => `${prefix}${Date.now()}${seq++}`;

const call = (method: string, path: string, who: Caller, body?: unknown) => {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (who === 'bad') headers.authorization = 'Bearer not-a-token-at-all';
  else if (who !== 'none') headers.authorization = `Bearer ${bearer[who]}`;
  return app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
};
const asAdmin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const res = await app.request(path, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

const incident = (brand = 'demo') => ({ brand, name: 'App down', status: 'investigating', impact: 'minor', components: { app: 'partial_outage' }, message: { nl: 'We kijken ernaar.', en: 'Looking into it.' } });
const newIncident = async () => (await asAdmin<{ id: string }>('POST', '/api/incidents', incident())).id;
const newMention = async () => {
  const m = triaged(fresh('19000'), { intent: 'complaint', lang: 'en', text: 'My bill is wrong' });
  await storeMention(store, m);
  return m.id;
};
const newSubscriber = async () => {
  const id = fresh('sub');
  await subscribers.add(store, { id, brand: 'demo', type: 'email', address: `${id}@example.test`, state: 'active', createdAt: new Date().toISOString() }, { unsubscribeHash: 'x' });
  return id;
};
/** A case of the demo brand around a fresh stored mention, as triage would have opened it. */
const newCaseId = async () => {
  const id = await newMention();
  const brand = ctx.brands.byId('demo')!;
  const m = { id, brand: 'demo', platform: 'x', text: 'My bill is wrong', createdAt: new Date().toISOString(), conversationId: `conv-${id}`, author: { id: `author-${id}` }, lang: 'en', sentiment: { label: 'negative' as const, score: -0.5 }, intent: 'complaint' as const, priority: 40, team: 'webcare' };
  const { next } = newCase(brand, `case-${id}`, m, new Date());
  await saveCase(store, next);
  await store.ddb.send(new UpdateItemCommand({ TableName: store.table, Key: marshall({ pk: `MENTION#${id}`, sk: 'MENTION' }), UpdateExpression: 'SET caseId = :c', ExpressionAttributeValues: marshall({ ':c': next.id }) }));
  return next.id;
};
const newToken = async () => (await asAdmin<{ id: string }>('POST', '/api/tokens', { name: 'to revoke', role: 'agent', brands: ['demo'] })).id;

interface Row {
  route: string;
  /** Prepares what the call addresses (fresh per call where the call changes it) and returns [path, body?]. */
  request: () => Promise<[string, unknown?]>;
  /** Who passes the guards; everyone else of the demo brand gets 403. */
  allowed: Caller[];
  /** What the admin token of brand `other` gets (default 404: a demo thing out of its scope). */
  foreign?: Outcome;
}

const EVERY_ROLE: Caller[] = ['agent', 'lead', 'incident_manager', 'admin'];
const ROWS: Row[] = [
  { route: 'GET /api/mentions', request: async () => ['/api/mentions?brand=demo'], allowed: EVERY_ROLE },
  { route: 'GET /api/mentions/:id', request: async () => [`/api/mentions/${await newMention()}`], allowed: EVERY_ROLE },
  { route: 'POST /api/mentions/:id/reply', request: async () => [`/api/mentions/${await newMention()}/reply`, { text: 'Sorry, we fixed it.' }], allowed: EVERY_ROLE },
  { route: 'GET /api/cases', request: async () => ['/api/cases?brand=demo&state=new,open'], allowed: EVERY_ROLE },
  { route: 'GET /api/cases/:id', request: async () => [`/api/cases/${await newCaseId()}`], allowed: EVERY_ROLE },
  { route: 'POST /api/cases/:id/reply', request: async () => [`/api/cases/${await newCaseId()}/reply`, { text: 'Sorry, we are on it.' }], allowed: EVERY_ROLE },
  { route: 'POST /api/cases/:id/state', request: async () => [`/api/cases/${await newCaseId()}/state`, { state: 'resolved' }], allowed: EVERY_ROLE },
  // An agent may take a case; handing one to a team or a colleague is a lead's.
  { route: 'POST /api/cases/:id/assign', request: async () => [`/api/cases/${await newCaseId()}/assign`, { team: 'billing' }], allowed: ['lead', 'admin'] },
  { route: 'POST /api/cases/:id/notes', request: async () => [`/api/cases/${await newCaseId()}/notes`, { text: 'Called them back.' }], allowed: EVERY_ROLE },
  { route: 'POST /api/cases/:id/triage', request: async () => [`/api/cases/${await newCaseId()}/triage`, { intent: 'question' }], allowed: EVERY_ROLE },
  { route: 'GET /api/saved-replies', request: async () => ['/api/saved-replies?brand=demo'], allowed: EVERY_ROLE },
  { route: 'POST /api/saved-replies', request: async () => ['/api/saved-replies', { brand: 'demo', lang: 'en', title: 'Sorry', text: 'Sorry{name}!' }], allowed: ['lead', 'admin'] },
  { route: 'GET /api/metrics', request: async () => ['/api/metrics?brand=demo'], allowed: ['lead', 'admin'] },
  { route: 'GET /api/audit', request: async () => ['/api/audit?brand=demo'], allowed: ['lead', 'admin'] },
  { route: 'POST /api/incidents', request: async () => ['/api/incidents', incident()], allowed: ['incident_manager', 'admin'] },
  { route: 'POST /api/incidents/:id/updates', request: async () => [`/api/incidents/${await newIncident()}/updates`, { status: 'identified', message: { nl: 'Gevonden.', en: 'Found.' } }], allowed: ['incident_manager', 'admin'] },
  { route: 'GET /api/incidents/:id', request: async () => [`/api/incidents/${await newIncident()}`], allowed: EVERY_ROLE },
  { route: 'GET /api/incidents/:id/deliveries', request: async () => [`/api/incidents/${await newIncident()}/deliveries`], allowed: ['incident_manager', 'admin'] },
  { route: 'GET /api/subscribers', request: async () => ['/api/subscribers?brand=demo'], allowed: ['incident_manager', 'admin'] },
  { route: 'DELETE /api/subscribers/:id', request: async () => [`/api/subscribers/${await newSubscriber()}?brand=demo`], allowed: ['incident_manager', 'admin'] },
  // Erasure covers the caller's brands: the token of `other` erases in `other` only (and may).
  { route: 'DELETE /api/authors/:platform/:id', request: async () => [`/api/authors/x/${fresh('fan')}`], allowed: ['admin'], foreign: 'ok' },
  // Narrowed to a brand out of scope: answered like an unknown brand (400), as before roles existed.
  { route: 'DELETE /api/authors/:platform/:id?brands=demo', request: async () => [`/api/authors/x/${fresh('fan')}?brands=demo`], allowed: ['admin'], foreign: 400 },
  { route: 'POST /api/tokens', request: async () => ['/api/tokens', { name: 'crm', role: 'agent', brands: ['demo'] }], allowed: ['admin'] },
  { route: 'GET /api/tokens', request: async () => ['/api/tokens'], allowed: ['admin'], foreign: 'ok' },
  { route: 'DELETE /api/tokens/:id', request: async () => [`/api/tokens/${await newToken()}`], allowed: ['admin'] },
];

beforeAll(async () => {
  let resources;
  ({ store, resources } = await freshResources('roles'));
  sink = await startSink();
  idp = await startIssuer({ publicUrl: APP, password: PASSWORD, audience: AUDIENCE, users: USERS });
  ctx = {
    ...apiContext(store, resources),
    brands: twoBrands(),
    reply: { env: replyEnvFor(sink), fetch: globalThis.fetch },
    oidc: { issuer: idp.issuer, audience: AUDIENCE, clientId: 'wecare-console' },
    jwt: createJwtVerifier({ issuer: idp.issuer, audience: AUDIENCE }),
  };
  app = createApiApp(ctx);
  const tokens: Array<[Caller, Promise<Tokens>]> = (
    [
      ['agent', 'agent@demo.test'],
      ['lead', 'lead@demo.test'],
      ['incident_manager', 'im@demo.test'],
      ['admin', 'admin@demo.test'],
    ] as const
  ).map(([who, email]) => [who, signIn({ issuer: idp.issuer, redirectUri: `${APP}/console/callback`, email, password: PASSWORD })]);
  for (const [who, t] of tokens) bearer[who] = (await t).accessToken;
  bearer.foreign = (await asAdmin<{ token: string }>('POST', '/api/tokens', { name: 'other brand integration', role: 'admin', brands: ['other'] })).token;
}, 60_000);
afterAll(async () => {
  await idp?.close();
  await sink?.close();
});

const expected = (row: Row, who: Caller): Outcome => {
  if (who === 'none' || who === 'bad') return 401;
  if (who === 'foreign') return row.foreign ?? 404;
  return row.allowed.includes(who) ? 'ok' : 403;
};

describe('route × role table', () => {
  for (const row of ROWS) {
    it(row.route, async () => {
      const [method] = row.route.split(' ') as [string];
      const got: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const who of CALLERS) {
        const [path, body] = await row.request();
        const res = await call(method, path, who, body);
        const text = await res.text();
        const outcome = res.status >= 200 && res.status < 300 ? 'ok' : res.status;
        got[who] = outcome === expected(row, who) ? String(outcome) : `${res.status} ${text.slice(0, 160)}`;
        want[who] = String(expected(row, who));
      }
      expect(got).toEqual(want);
    });
  }

  it('an unknown /api path asks for a credential first, then answers 404', async () => {
    expect((await call('GET', '/api/nothing-here', 'none')).status).toBe(401);
    expect((await call('GET', '/api/nothing-here', 'agent')).status).toBe(404);
  });

  it('a missing right is 403 before any lookup: an agent learns nothing of an incident that does not exist', async () => {
    const res = await call('POST', '/api/incidents/does-not-exist/updates', 'agent', { status: 'identified', message: { nl: 'x', en: 'x' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('incidents:write');
  });

  it('a brand out of scope answers exactly like a brand that does not exist', async () => {
    const hidden = await call('GET', '/api/mentions?brand=other', 'agent');
    const missing = await call('GET', '/api/mentions?brand=nowhere', 'agent');
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    const message = async (r: Response) => ((await r.json()) as { error: { message: string } }).error.message;
    expect((await message(hidden)).replace('other', 'X')).toBe((await message(missing)).replace('nowhere', 'X'));
    // And the token of `other` sees its own brand.
    expect((await call('GET', '/api/mentions?brand=other', 'foreign')).status).toBe(200);
  });

  it('a token covers only brands its creator sees; GET /api/tokens lists without secrets and shows the last use', async () => {
    const res = await call('POST', '/api/tokens', 'foreign', { name: 'wider', role: 'agent', brands: '*' });
    expect(res.status).toBe(403);
    const listed = (await asAdmin<{ items: Array<Record<string, unknown>> }>('GET', '/api/tokens')).items;
    const foreign = listed.find((t) => t.name === 'other brand integration');
    expect(foreign).toMatchObject({ role: 'admin', brands: ['other'], createdBy: { type: 'token', id: 'admin-token' } });
    expect(foreign!.lastUsedAt).toEqual(expect.any(String));
    expect(JSON.stringify(listed)).not.toMatch(/wct_|hash/);
    // The token of `other` lists only tokens within `other`.
    const own = (await (await call('GET', '/api/tokens', 'foreign')).json()) as { items: Array<{ brands: unknown }> };
    expect(own.items.every((t) => JSON.stringify(t.brands) === '["other"]')).toBe(true);
  });
});

describe('401 names what is wrong, never the token', () => {
  const refused = async (token: string, a: Hono = app) => {
    const res = await a.request('/api/mentions?brand=demo', { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(text).not.toContain(token);
    return (JSON.parse(text) as { error: { message: string } }).error.message;
  };

  it('no credential, a malformed header, garbage', async () => {
    const none = await app.request('/api/mentions?brand=demo');
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/missing/);
    const basic = await app.request('/api/mentions?brand=demo', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
    expect(await basic.text()).not.toContain('dXNlcjpwYXNz');
    expect(await refused('garbage-token-1234')).toMatch(/malformed/);
    expect(await refused('aaa.bbb.ccc')).toMatch(/malformed|not acceptable/);
  });

  it('expired: the same signed-in token once its lifetime is over', async () => {
    const later = createApiApp({ ...ctx, jwt: createJwtVerifier({ issuer: idp.issuer, audience: AUDIENCE, now: () => Date.now() + 3_600_000 }) });
    expect(await refused(bearer.agent!, later)).toMatch(/expired/);
  });

  it('a token verified once and kept in memory still expires with its exp', async () => {
    let clock = Date.now();
    const later = createApiApp({ ...ctx, now: () => new Date(clock), jwt: createJwtVerifier({ issuer: idp.issuer, audience: AUDIENCE, now: () => clock }) });
    const ask = () => later.request('/api/mentions?brand=demo', { headers: { authorization: `Bearer ${bearer.agent}` } });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    clock += 3_600_000;
    expect(await refused(bearer.agent!, later)).toMatch(/expired/);
  });

  it('wrong audience: the ID token is no API credential; a token for another API neither', async () => {
    const tokens = await signIn({ issuer: idp.issuer, redirectUri: `${APP}/console/callback`, email: 'agent@demo.test', password: PASSWORD });
    expect(await refused(tokens.idToken!)).toMatch(/audience/);
    const elsewhere = createApiApp({ ...ctx, jwt: createJwtVerifier({ issuer: idp.issuer, audience: 'another-api' }) });
    expect(await refused(tokens.accessToken, elsewhere)).toMatch(/audience/);
  });

  it('bad signature: a signed-in token with its signature changed', async () => {
    const [h, p, s] = bearer.lead!.split('.') as [string, string, string];
    const flipped = `${h}.${p}.${s.slice(0, -6)}${s.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`;
    expect(await refused(flipped)).toMatch(/signature/);
  });

  it('API tokens: unknown, malformed, and revoked at once', async () => {
    expect(await refused(`wct_${randomBytes(12).toString('base64url')}.${randomBytes(32).toString('base64url')}`)).toBe('authorization: API token is unknown');
    expect(await refused('wct_short.secret')).toMatch(/API token is malformed/);
    const made = await asAdmin<{ id: string; token: string }>('POST', '/api/tokens', { name: 'revoke me', role: 'agent', brands: ['demo'] });
    expect(made.token).toMatch(/^wct_[\w-]+\.[\w-]{43}$/);
    expect((await app.request('/api/mentions?brand=demo', { headers: { authorization: `Bearer ${made.token}` } })).status).toBe(200);
    expect((await asAdmin<{ revokedAt: string }>('DELETE', `/api/tokens/${made.id}`)).revokedAt).toEqual(expect.any(String));
    expect(await refused(made.token)).toBe('authorization: API token was revoked');
    // A guessed secret for a real id is "unknown", telling nothing about the token.
    expect(await refused(`wct_${made.id}.${randomBytes(32).toString('base64url')}`)).toBe('authorization: API token is unknown');
  });

  it('the bootstrap ADMIN_TOKEN keeps working', async () => {
    expect((await app.request('/api/mentions?brand=other', { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(200);
  });
});
