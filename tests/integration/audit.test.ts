import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/api/app.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import { recordAudit } from '../../shared/audit/record.ts';
import type { Principal } from '../../shared/auth/principal.ts';
import { indexBrands, parseConfig } from '../../shared/config/load.ts';
import type { AuditEvent } from '../../shared/store/audit.ts';
import type { Store } from '../../shared/store/client.ts';
import { storeMention } from '../../shared/store/mentions.ts';
import * as subscribers from '../../shared/store/subscribers.ts';
import { apiContext, auth } from '../support/api.ts';
import { freshResources } from '../support/emulators.ts';
import { replyEnvFor, triaged } from '../unit/flows/fixtures.ts';

/**
 * Issue 13 item 5: every change through the API leaves one audit event naming its actor and its
 * target, under each brand it covers; leads and admins read a brand's trail, newest first, paged.
 */
const DAY = 86_400_000;
let now = new Date('2026-11-16T10:00:00.000Z');
let store: Store;
let sink: RecordingSink;
let app: ReturnType<typeof createApiApp>;

/** The signed-in people of this test: the JWT verifier is the seam (sign-in itself is tests/integration/sign-in.test.ts). */
const people: Record<string, Principal> = {
  'jwt-lead': { actor: { type: 'user', id: 'lead@demo.test' }, role: 'lead', brands: ['demo'] },
  'jwt-agent': { actor: { type: 'user', id: 'agent@demo.test' }, role: 'agent', brands: ['demo'] },
  'jwt-acme-lead': { actor: { type: 'user', id: 'lead@acme.test' }, role: 'lead', brands: ['acme'] },
};
const as = (who: string) => ({ authorization: `Bearer ${who}` });

beforeAll(async () => {
  let resources;
  ({ store, resources } = await freshResources('audit'));
  sink = await startSink();
  const raw = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../wecare.config.json'), 'utf8')) as { brands: Array<Record<string, unknown>> };
  const demo = raw.brands.find((b) => b.id === 'demo')!;
  const brands = indexBrands(parseConfig({ ...raw, brands: [demo, { ...demo, id: 'acme', name: 'Acme', accounts: { x: ['acme-x-1'] } }] }));
  app = createApiApp({
    ...apiContext(store, resources, () => now),
    brands,
    reply: { env: replyEnvFor(sink), fetch, timeoutMs: 2000 },
    jwt: {
      verify: async (token: string) => {
        const p = people[token];
        if (!p) throw new Error('unknown test token');
        return p;
      },
    },
  });
});
afterAll(async () => sink.close());

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) =>
  app.request(path, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });

async function trail(brand: string, query = '', headers: Record<string, string> = auth): Promise<AuditEvent[]> {
  const res = await app.request(`/api/audit?brand=${brand}&limit=100${query}`, { headers });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: AuditEvent[] }).items;
}
const eventsOf = async (brand: string, action: string, targetId?: string) =>
  (await trail(brand)).filter((e) => e.action === action && (targetId === undefined || e.target.id === targetId));

const ADMIN_ACTOR = { type: 'token', id: 'admin-token' };
const INCIDENT = {
  brand: 'demo',
  name: 'Storing bij inloggen van Jan Jansen',
  status: 'investigating',
  impact: 'major',
  components: { app: 'major_outage' },
  message: { nl: 'We onderzoeken een storing bij het inloggen.', en: 'We are looking into a login outage.' },
};

describe('every change records its actor and its target', () => {
  it('a reply: one mention.reply event by the signed-in person, without the text', async () => {
    const m = triaged('1900000000000000501', { lang: 'en', text: 'My bill is wrong again', author: { id: 'author-501', handle: 'klant501', name: 'Anna de Vries' } });
    await storeMention(store, m);
    const res = await send('POST', `/api/mentions/${m.id}/reply`, { text: 'Sorry Anna, we corrected your bill.' }, as('jwt-lead'));
    expect(res.status).toBe(200);
    const events = await eventsOf('demo', 'mention.reply', m.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ brand: 'demo', actor: { type: 'user', id: 'lead@demo.test' }, target: { type: 'mention', id: m.id } });
    expect(JSON.stringify(events[0])).not.toMatch(/Sorry|Anna|Vries|klant501|bill/);
  });

  it('an incident and its update: incident.create and incident.update by the admin token, once even when a POST is retried', async () => {
    now = new Date(now.getTime() + 60_000);
    const open = () => app.request('/api/incidents', { method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'audit-open-1' }, body: JSON.stringify(INCIDENT) });
    const created = await open();
    expect(created.status).toBe(201);
    const incident = (await created.json()) as { id: string };
    expect((await open()).status).toBe(201);
    const update = await send('POST', `/api/incidents/${incident.id}/updates`, { status: 'resolved', message: { nl: 'Opgelost.', en: 'Resolved.' } });
    expect(update.status).toBe(201);
    const opened = await eventsOf('demo', 'incident.create', incident.id);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ actor: ADMIN_ACTOR, target: { type: 'incident', id: incident.id }, details: { status: 'investigating', impact: 'major' } });
    const updated = await eventsOf('demo', 'incident.update', incident.id);
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({ actor: ADMIN_ACTOR, details: { status: 'resolved' } });
    expect(JSON.stringify([...opened, ...updated])).not.toMatch(/Storing|Jansen|onderzoeken|looking|Opgelost/);
  });

  it('a removed status subscriber: subscriber.remove, without the address', async () => {
    const id = 'sub-audit-1';
    await subscribers.add(store, { id, brand: 'demo', type: 'webhook', address: 'https://hooks.example.com/anna', state: 'active', createdAt: now.toISOString() }, { unsubscribeHash: 'h' });
    const res = await send('DELETE', `/api/subscribers/${id}?brand=demo`);
    expect(res.status).toBe(200);
    const events = await eventsOf('demo', 'subscriber.remove', id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: ADMIN_ACTOR, target: { type: 'subscriber', id }, details: { state: 'unsubscribed' } });
    expect(JSON.stringify(events[0])).not.toMatch(/hooks\.example|anna/);
  });

  it("an erasure: author.erase under each brand of the caller's scope, the author named by a keyed hash only", async () => {
    const m = triaged('1900000000000000502', { author: { id: 'author-to-erase-502', handle: 'erase502', name: 'Piet Puk' } });
    await storeMention(store, m);
    const res = await send('DELETE', '/api/authors/x/author-to-erase-502');
    expect(res.status).toBe(200);
    const demo = await eventsOf('demo', 'author.erase');
    const acme = await eventsOf('acme', 'author.erase');
    expect(demo).toHaveLength(1);
    expect(acme).toHaveLength(1);
    expect(acme[0]!.target).toEqual(demo[0]!.target);
    expect(acme[0]!.id).toBe(demo[0]!.id);
    expect(demo[0]).toMatchObject({ actor: ADMIN_ACTOR, target: { type: 'author' }, details: { platform: 'x', mentions: 1 } });
    expect(JSON.stringify([...demo, ...acme])).not.toMatch(/author-to-erase|erase502|Piet|Puk/);
  });

  it('an API token: token.create and token.revoke under each brand it covers, the token id as target, by the token that made it', async () => {
    const admin = await send('POST', '/api/tokens', { name: 'Integration of Jan', role: 'admin', brands: ['demo', 'acme'] });
    expect(admin.status).toBe(201);
    const adminToken = (await admin.json()) as { id: string; token: string };
    // A token made by that token: its actor is the first token.
    const made = await send('POST', '/api/tokens', { name: 'Zapier', role: 'agent', brands: ['demo', 'acme'] }, { authorization: `Bearer ${adminToken.token}` });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    expect((await send('DELETE', `/api/tokens/${id}`)).status).toBe(200);
    for (const brand of ['demo', 'acme']) {
      expect(await eventsOf(brand, 'token.create', adminToken.id)).toMatchObject([{ actor: ADMIN_ACTOR, target: { type: 'token', id: adminToken.id }, details: { role: 'admin' } }]);
      expect(await eventsOf(brand, 'token.create', id)).toMatchObject([{ actor: { type: 'token', id: adminToken.id }, target: { type: 'token', id } }]);
      expect(await eventsOf(brand, 'token.revoke', id)).toMatchObject([{ actor: ADMIN_ACTOR, target: { type: 'token', id } }]);
    }
    expect(JSON.stringify(await trail('demo'))).not.toMatch(/Integration of Jan|Zapier|wct_/);
  });
});

describe('GET /api/audit', () => {
  it('lists newest first for a lead of the brand; an agent is refused (403), a lead of another brand sees nothing (404)', async () => {
    const items = await trail('demo', '', as('jwt-lead'));
    expect(items.length).toBeGreaterThan(5);
    expect(items.map((e) => e.at)).toEqual([...items.map((e) => e.at)].sort().reverse());
    const agent = await app.request('/api/audit?brand=demo', { headers: as('jwt-agent') });
    expect(agent.status).toBe(403);
    expect(((await agent.json()) as { error: { message: string } }).error.message).toMatch(/audit:read/);
    expect((await app.request('/api/audit?brand=demo', { headers: as('jwt-acme-lead') })).status).toBe(404);
    expect((await app.request('/api/audit?brand=nope', { headers: auth })).status).toBe(404);
    expect((await app.request('/api/audit', { headers: auth })).status).toBe(400);
    expect((await app.request('/api/audit?brand=demo')).status).toBe(401);
  });

  it('pages across months with an opaque cursor, every event once, and filters by from/to', async () => {
    // 11 events in acme over four months (the trail's partitions are months).
    const times = ['2026-07-30T23:59:59.999Z', '2026-08-01T00:00:00.000Z', '2026-08-15T12:00:00.000Z', '2026-09-02T08:00:00.000Z', '2026-09-03T08:00:00.000Z', '2026-09-04T08:00:00.000Z', '2026-09-30T23:00:00.000Z', '2026-10-01T00:00:00.000Z', '2026-10-05T00:00:00.000Z', '2026-10-06T00:00:00.000Z', '2026-10-07T00:00:00.000Z'];
    for (const [i, at] of times.entries()) {
      await recordAudit(store, { brand: 'acme', actor: { type: 'user', id: 'lead@acme.test' }, action: 'config.change', target: { type: 'config', id: `page-${i}` }, at });
    }
    const to = '2026-10-31T00:00:00.000Z';
    for (const limit of [1, 3, 4, 11]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await app.request(`/api/audit?brand=acme&to=${to}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { headers: as('jwt-acme-lead') });
        expect(res.status).toBe(200);
        const page = (await res.json()) as { items: AuditEvent[]; cursor?: string };
        expect(page.items.length).toBeLessThanOrEqual(limit);
        if (page.cursor) expect(page.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        seen.push(...page.items.map((e) => e.target.id));
        cursor = page.cursor;
        expect(++pages).toBeLessThan(20);
      } while (cursor);
      expect(seen).toEqual(times.map((_, i) => `page-${i}`).reverse());
    }
    const window = await trail('acme', '&from=2026-08-01T00:00:00.000Z&to=2026-09-30T23:00:00Z');
    expect(window.map((e) => e.target.id)).toEqual(['page-6', 'page-5', 'page-4', 'page-3', 'page-2', 'page-1']);
    expect((await trail('acme', '&from=2026-10-01&to=2026-10-05')).map((e) => e.target.id)).toEqual(['page-8', 'page-7']);
    // A cursor names no brand: a cursor of acme's trail reads demo's trail only.
    const first = (await (await app.request(`/api/audit?brand=acme&to=${to}&limit=1`, { headers: auth })).json()) as { cursor: string };
    const other = await app.request(`/api/audit?brand=demo&to=${to}&limit=100&cursor=${first.cursor}`, { headers: auth });
    expect(((await other.json()) as { items: AuditEvent[] }).items.every((e) => e.brand === 'demo')).toBe(true);
    expect((await app.request('/api/audit?brand=acme&cursor=bm9wZQ', { headers: auth })).status).toBe(400);
    expect((await app.request('/api/audit?brand=acme&from=yesterday', { headers: auth })).status).toBe(400);
    expect((await app.request('/api/audit?brand=acme&from=2026-10-02&to=2026-10-01', { headers: auth })).status).toBe(400);
  });

  it('keeps every event at least 400 days (TTL) and holds no texts: details take ids, states and counts only', async () => {
    const out = await store.ddb.send(new QueryCommand({ TableName: store.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: 'AUDIT#demo#2026-11' } } }));
    const items = (out.Items ?? []).map((i) => unmarshall(i));
    expect(items.length).toBeGreaterThan(5);
    for (const item of items) expect(item.ttl * 1000 - Date.parse(item.at)).toBeGreaterThanOrEqual(400 * DAY);
    const base = { brand: 'demo', actor: { type: 'user' as const, id: 'x' }, action: 'case.note' as const, target: { type: 'case' as const, id: 'c1' }, at: now };
    await expect(recordAudit(store, { ...base, details: { text: 'a note about Anna' } })).rejects.toThrow(/details\.text/);
    await expect(recordAudit(store, { ...base, details: { state: 'Anna de Vries belde' } })).rejects.toThrow(/details\.state/);
    await expect(recordAudit(store, { ...base, details: { assignee: 'anna@example.com' } })).rejects.toThrow(/details\.assignee/);
    await expect(recordAudit(store, { ...base, details: { state: 'open', count: 3, brands: ['demo', 'acme'] } })).resolves.toBeUndefined();
  });
});
