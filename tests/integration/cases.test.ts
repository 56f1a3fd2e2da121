import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/api/app.ts';
import { createWebhookApp } from '../../functions/webhooks/app.ts';
import { type RecordingSink, startSink } from '../../local/sink.ts';
import type { Resources } from '../../local/stack.ts';
import { createSns } from '../../shared/bus/clients.ts';
import type { Case, CaseEvent } from '../../shared/case.ts';
import { indexBrands, parseConfig } from '../../shared/config/load.ts';
import { thankYou } from '../../shared/flows/thank-you.ts';
import type { Mention } from '../../shared/mention.ts';
import { countBreachedCases } from '../../shared/store/case-queue.ts';
import type { Store } from '../../shared/store/client.ts';
import { getMention, mentionId } from '../../shared/store/mentions.ts';
import { triageRecord } from '../../shared/triage/triage-mention.ts';
import { ADMIN, apiContext } from '../support/api.ts';
import { endpoints, freshResources } from '../support/emulators.ts';
import { signed, testSecrets } from '../support/sign.ts';
import { replyEnvFor } from '../unit/flows/fixtures.ts';

/**
 * Cases against DynamoDB Local and fauxqs: messages come in through the real webhook routes
 * (signed bodies), triage runs on the stored items as the stream delivers them, people work the
 * cases through the API. Two brands share one deployment.
 */
const config = parseConfig({
  brands: [
    {
      id: 'demo',
      name: 'Demo Energie',
      accounts: { x: ['1500000000000000001'], facebook: ['12345654332'], whatsapp: ['10634295353625'] },
      cases: { resolveThanked: true, rules: [{ id: 'spam-crypto', keywords: ['free bitcoin'], state: 'spam' }, { id: 'press', keywords: ['journalist'], tag: 'press', priority: 95 }] },
      thankYou: { maxPerHour: 1000, cooldownDays: 0 },
      businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '23:59' },
    },
    { id: 'other', name: 'Other Brand', accounts: { x: ['1500000000000000002'] } },
  ],
});
const brands = indexBrands(config);

let store: Store;
let resources: Resources;
let sink: RecordingSink;
let api: ReturnType<typeof createApiApp>;
let webhooks: ReturnType<typeof createWebhookApp>;
const logger = new Logger({ logLevel: 'ERROR' });
let seq = 0;

beforeAll(async () => {
  ({ store, resources } = await freshResources('cases'));
  sink = await startSink();
  const reply = { env: replyEnvFor(sink), fetch, timeoutMs: 2000 };
  api = createApiApp({ ...apiContext(store, resources), brands, reply });
  webhooks = createWebhookApp({ store, brands, secrets: testSecrets, now: () => new Date() });
});
afterAll(async () => {
  await sink.close();
});

const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
const post = (path: string, body: unknown, headers: Record<string, string> = auth) => api.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
const get = (path: string, headers: Record<string, string> = auth) => api.request(path, { headers });

/** What the stream hands triage for a stored mention (INSERT, its image as stored). */
async function triage(id: string): Promise<Mention> {
  const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: { pk: { S: `MENTION#${id}` }, sk: { S: 'MENTION' } } }));
  const record: DynamoDBRecord = { eventID: `e${++seq}`, eventName: 'INSERT', dynamodb: { NewImage: out.Item as never, SequenceNumber: String(seq) } };
  await triageRecord({ store, sns: createSns(endpoints().fauxqs), topicArn: resources.topicArns.mentionEvents, brands, now: () => new Date(), logger }, record);
  return (await getMention(store, id))!;
}

async function webhook(route: 'x' | 'meta', body: unknown) {
  const raw = JSON.stringify(body);
  const { path, init } = signed(route, raw);
  const res = await webhooks.request(path, init);
  expect(res.status).toBe(200);
}

let mid = 0;
/** A Messenger DM (or the page's echo) as Meta sends it. */
function messenger(customer: string, text: string, at: number, echo = false) {
  const page = '12345654332';
  const message = { mid: `m_${customer}_${++mid}`, text, ...(echo ? { is_echo: true } : {}) };
  const [sender, recipient] = echo ? [page, customer] : [customer, page];
  return { object: 'page', entry: [{ id: page, time: at, messaging: [{ sender: { id: sender }, recipient: { id: recipient }, timestamp: at, message }] }] };
}

async function dm(customer: string, text: string, at = Date.now()): Promise<Mention> {
  const body = messenger(customer, text, at);
  await webhook('meta', body);
  return triage(mentionId('demo', 'messenger', body.entry[0]!.messaging[0]!.message.mid));
}

const caseOf = async (id: string) => (await (await get(`/api/cases/${id}`)).json()) as Case & { mentions: Mention[]; events: CaseEvent[]; notes: unknown[] };

describe('conversations become cases', () => {
  it('three DMs from one customer are one case with one SLA clock', async () => {
    const t0 = Date.now() - 3 * 60_000;
    const first = await dm('cust-three', 'Mijn factuur klopt niet', t0);
    const second = await dm('cust-three', 'Hallo? Is daar iemand?', t0 + 60_000);
    const third = await dm('cust-three', 'Ik wacht nog steeds op antwoord', t0 + 120_000);
    expect(new Set([first.caseId, second.caseId, third.caseId]).size).toBe(1);
    const c = await caseOf(first.caseId!);
    expect(c).toMatchObject({ brand: 'demo', state: 'new', platforms: ['messenger'], customer: { platform: 'messenger', id: 'cust-three' }, lastMentionId: third.id });
    expect(c.mentions.map((m) => m.id)).toEqual([first.id, second.id, third.id]);
    expect(Date.parse(c.sla.firstResponseDueAt!)).toBeGreaterThan(t0);
    const list = (await (await get('/api/cases?brand=demo&state=new')).json()) as { items: Case[] };
    expect(list.items.filter((k) => k.customer.id === 'cust-three')).toHaveLength(1);
  });

  it('a tweet mentioning two brands of the deployment is stored and cased for each', async () => {
    const tweet = { created_at: 'Tue Mar 12 11:02:40 +0000 2024', id_str: '1767505432111299999', text: '@DemoBrand @OtherBrand allebei storing?!', user: { id_str: '4242', screen_name: 'klant', name: 'Kees' }, timestamp_ms: String(Date.now()) };
    await webhook('x', { for_user_id: '1500000000000000001', tweet_create_events: [tweet] });
    await webhook('x', { for_user_id: '1500000000000000002', tweet_create_events: [tweet] });
    const [forDemo, forOther] = await Promise.all([triage(mentionId('demo', 'x', tweet.id_str)), triage(mentionId('other', 'x', tweet.id_str))]);
    expect(forDemo.brand).toBe('demo');
    expect(forOther.brand).toBe('other');
    expect(forDemo.caseId).not.toBe(forOther.caseId);
    expect((await caseOf(forOther.caseId!)).brand).toBe('other');
  });

  it('an answer given in the platform’s own app counts as the first response and waits on the customer', async () => {
    const m = await dm('cust-native', 'Wanneer komt de monteur?');
    const echo = messenger('cust-native', 'Morgen tussen 8 en 12!', Date.now() + 1000, true);
    await webhook('meta', echo);
    await triage(mentionId('demo', 'messenger', echo.entry[0]!.messaging[0]!.message.mid));
    const c = await caseOf(m.caseId!);
    expect(c.state).toBe('pending');
    expect(c.firstResponseAt).toBeDefined();
    expect(c.events.find((e) => e.type === 'replied')).toMatchObject({ actor: { type: 'system', id: 'messenger-app' }, native: true });
    expect(c.mentions.map((x) => x.text)).toEqual(['Wanneer komt de monteur?', 'Morgen tussen 8 en 12!']);
    // The customer writes back: open again, with a next-response deadline.
    await dm('cust-native', 'Kan het ook eerder?', Date.now() + 2000);
    const after = await caseOf(m.caseId!);
    expect(after.state).toBe('open');
    expect(after.sla.nextResponseDueAt).toBeDefined();
  });

  it('inbox rules mark spam and tag press, with the rule in the events', async () => {
    const spam = await dm('cust-spam', 'Claim your FREE BITCOIN now');
    const press = await dm('cust-press', 'Ik ben journalist bij de krant, kunt u reageren?');
    const s = await caseOf(spam.caseId!);
    expect(s.state).toBe('spam');
    expect(s.events.find((e) => e.type === 'rule')).toMatchObject({ rule: 'spam-crypto', actor: { type: 'system', id: 'rule:spam-crypto' } });
    const p = await caseOf(press.caseId!);
    expect(p).toMatchObject({ state: 'new', tags: ['press'], priority: 95 });
  });
});

describe('working a case', () => {
  it('reply moves it to pending, resolve, reopen within the window, with actors in the events', async () => {
    const m = await dm('cust-life', 'Mijn stroom is er al uren af, wat is er aan de hand?');
    const id = m.caseId!;
    const replied = await post(`/api/cases/${id}/reply`, { text: 'Wat vervelend! We zoeken het uit.' });
    expect(replied.status).toBe(200);
    expect(sink.requests('/meta').length).toBeGreaterThan(0);
    expect((await caseOf(id)).state).toBe('pending');
    expect((await post(`/api/cases/${id}/state`, { state: 'resolved', reason: 'opgelost' })).status).toBe(200);
    const illegal = await post(`/api/cases/${id}/state`, { state: 'pending' });
    expect(illegal.status).toBe(409);
    expect(((await illegal.json()) as { error: { message: string } }).error.message).toMatch(/resolved/);
    await dm('cust-life', 'Het is weer mis!', Date.now() + 1000);
    const c = await caseOf(id);
    expect(c).toMatchObject({ state: 'open', reopened: 1 });
    const types = c.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['created', 'replied', 'state', 'reopened']));
    expect(c.events.find((e) => e.type === 'state' && e.to === 'resolved')).toMatchObject({ actor: { type: 'token', id: 'admin-token' }, reason: 'opgelost' });
  });

  it('dismiss and spam work; a reply on a spam case is refused naming its state', async () => {
    const a = await dm('cust-dismiss', 'ok');
    expect((await post(`/api/cases/${a.caseId}/state`, { state: 'dismissed' })).status).toBe(200);
    const b = await dm('cust-spammer', 'Koop volgers bij mij');
    expect((await post(`/api/cases/${b.caseId}/state`, { state: 'spam' })).status).toBe(200);
    const refused = await post(`/api/cases/${b.caseId}/reply`, { text: 'Hallo' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/spam/);
    const unknown = await post('/api/cases/case-nope/state', { state: 'resolved' });
    expect(unknown.status).toBe(404);
    const bad = await post(`/api/cases/${b.caseId}/state`, { state: 'closed' });
    expect(bad.status).toBe(400);
  });

  it('parallel notes and assignments all land (versioned writes)', async () => {
    const m = await dm('cust-busy', 'Wie helpt mij?');
    const id = m.caseId!;
    const notes = Array.from({ length: 8 }, (_, i) => post(`/api/cases/${id}/notes`, { text: `notitie ${i}` }));
    const assigns = ['webcare', 'webcare', 'webcare'].map((team, i) => post(`/api/cases/${id}/assign`, { assignee: `agent-${i}@demo.test`, team }));
    const triages = [post(`/api/cases/${id}/triage`, { intent: 'complaint' }), post(`/api/cases/${id}/triage`, { sentiment: 'negative' })];
    const statuses = await Promise.all([...notes, ...assigns, ...triages].map(async (r) => (await r).status));
    expect(statuses.every((s) => s === 200 || s === 201)).toBe(true);
    const c = await caseOf(id);
    expect(c.notes).toHaveLength(8);
    expect(c.events.filter((e) => e.type === 'assigned')).toHaveLength(3);
    expect(c.events.filter((e) => e.type === 'triage')).toHaveLength(2);
    // Both corrections landed, neither overwrote the other.
    expect(c).toMatchObject({ intent: 'complaint', sentiment: { label: 'negative' }, state: 'open' });
    expect(c.version).toBe(1 + 3 + 2);
  });

  it('the soft lock keeps a second agent from answering the same customer', async () => {
    const m = await dm('cust-lock', 'Hallo, vraagje over mijn contract');
    const id = m.caseId!;
    const lead = (await (await post('/api/tokens', { name: 'lead', brands: ['demo'], role: 'lead' })).json()) as { token: string };
    const agent = (await (await post('/api/tokens', { name: 'agent', brands: ['demo'], role: 'agent' })).json()) as { token: string };
    const as = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });
    expect((await post(`/api/cases/${id}/lock`, {}, as(lead.token))).status).toBe(200);
    const second = await post(`/api/cases/${id}/reply`, { text: 'Ik help je!' }, as(agent.token));
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { message: string } }).error.message).toMatch(/being answered by/);
    // An agent may take a case, not hand it to someone else.
    expect((await post(`/api/cases/${id}/assign`, { assignee: 'someone-else' }, as(agent.token))).status).toBe(403);
  });

  it('a case of another brand is a 404 for an agent of this one', async () => {
    const tweet = { created_at: 'Tue Mar 12 11:02:40 +0000 2024', id_str: '1767505432111288888', text: '@OtherBrand help', user: { id_str: '4343', screen_name: 'x' }, timestamp_ms: String(Date.now()) };
    await webhook('x', { for_user_id: '1500000000000000002', tweet_create_events: [tweet] });
    const other = await triage(mentionId('other', 'x', tweet.id_str));
    const agent = (await (await post('/api/tokens', { name: 'agent2', brands: ['demo'], role: 'agent' })).json()) as { token: string };
    const res = await get(`/api/cases/${other.caseId}`, { authorization: `Bearer ${agent.token}` });
    expect(res.status).toBe(404);
    expect((await get('/api/cases?brand=other', { authorization: `Bearer ${agent.token}` })).status).toBe(404);
  });
});

describe('the platform’s messaging window', () => {
  it('a WhatsApp case answered after 24 hours needs an approved template, named in the reply', async () => {
    const at = Math.floor((Date.now() - 25 * 3_600_000) / 1000);
    const value = {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550001111', phone_number_id: '10634295353625' },
      contacts: [{ profile: { name: 'Femke' }, wa_id: '31612345678' }],
      messages: [{ from: '31612345678', id: 'wamid.window-1', timestamp: String(at), type: 'text', text: { body: 'Mijn pakket is niet aangekomen' } }],
    };
    await webhook('meta', { object: 'whatsapp_business_account', entry: [{ id: 'waba-1', changes: [{ field: 'messages', value }] }] });
    const m = await triage(mentionId('demo', 'whatsapp', 'wamid.window-1'));
    const free = await post(`/api/cases/${m.caseId}/reply`, { text: 'Sorry, we zoeken het uit' });
    expect(free.status).toBe(400);
    expect(((await free.json()) as { error: { message: string } }).error.message).toMatch(/24-hour window/);
    const before = sink.requests('/meta').length;
    const templated = await post(`/api/cases/${m.caseId}/reply`, { text: 'Sorry, we zoeken het uit', template: { name: 'case_update', language: 'nl', params: ['Femke'] } });
    expect(templated.status).toBe(200);
    const sent = sink.requests('/meta').slice(before).map((r) => r.json as { type?: string; template?: { name: string } });
    expect(sent).toEqual([expect.objectContaining({ type: 'template', template: expect.objectContaining({ name: 'case_update' }) })]);
    expect((await post(`/api/cases/${m.caseId}/reply`, { text: 'x', template: { name: 'Bad Name!', language: 'nl' } })).status).toBe(400);
  });
});

describe('saved replies', () => {
  it('leads keep them per brand and language; a case gets them in its language with the first name filled in', async () => {
    const lead = (await (await post('/api/tokens', { name: 'lead-saved', brands: ['demo'], role: 'lead' })).json()) as { token: string };
    const agent = (await (await post('/api/tokens', { name: 'agent-saved', brands: ['demo'], role: 'agent' })).json()) as { token: string };
    const as = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });
    const nl = { brand: 'demo', lang: 'nl', title: 'Excuses', text: 'Sorry{name}, we zoeken het uit (zaak {case}).' };
    expect((await post('/api/saved-replies', nl, as(agent.token))).status).toBe(403);
    expect((await post('/api/saved-replies', nl, as(lead.token))).status).toBe(201);
    expect((await post('/api/saved-replies', { ...nl, lang: 'en', text: 'Sorry{name}, looking into it ({case}).' }, as(lead.token))).status).toBe(201);
    expect((await post('/api/saved-replies', { ...nl, lang: 'dutch' }, as(lead.token))).status).toBe(400);
    expect((await post('/api/saved-replies', { ...nl, brand: 'other' }, as(lead.token))).status).toBe(404);

    const body = messenger('cust-saved', 'Mijn meter is kapot', Date.now());
    await webhook('meta', body);
    const m = await triage(mentionId('demo', 'messenger', body.entry[0]!.messaging[0]!.message.mid));
    const listed = (await (await get(`/api/cases/${m.caseId}/saved-replies`, as(agent.token))).json()) as { items: Array<{ text: string; lang: string }> };
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]!.lang).toBe('nl');
    expect(listed.items[0]!.text).toMatch(/^Sorry, we zoeken het uit \(zaak #[A-Z0-9_-]{6}\)\.$/);
    const before = sink.requests('/meta').length;
    const sent = await post(`/api/cases/${m.caseId}/reply`, { text: listed.items[0]!.text }, as(agent.token));
    expect(sent.status).toBe(200);
    // A double click is one reply.
    expect((await post(`/api/cases/${m.caseId}/reply`, { text: listed.items[0]!.text }, as(agent.token))).status).toBe(200);
    const mine = sink.requests('/meta').slice(before).filter((r) => JSON.stringify(r.json).includes('we zoeken het uit'));
    expect(mine).toHaveLength(1);
  });
});

describe('automation and the queue', () => {
  it('a thanked fan’s case is resolved by the thank-you flow', async () => {
    const tweet = { created_at: 'Tue Mar 12 11:02:40 +0000 2024', id_str: '1767505432111277777', text: 'Wat een geweldige service van @DemoBrand, echt top geholpen! 👏', user: { id_str: '5151', screen_name: 'fan', name: 'Anna' }, timestamp_ms: String(Date.now()), lang: 'nl' };
    await webhook('x', { for_user_id: '1500000000000000001', tweet_create_events: [tweet] });
    const m = await triage(mentionId('demo', 'x', tweet.id_str));
    expect(m.intent).toBe('compliment');
    const intent = await thankYou({ store, brands, reply: { env: replyEnvFor(sink), fetch, timeoutMs: 2000 }, now: () => new Date() }, m);
    expect(intent.state).toBe('sent');
    const c = await caseOf(m.caseId!);
    expect(c.state).toBe('resolved');
    expect(c.events.find((e) => e.type === 'state' && e.to === 'resolved')).toMatchObject({ actor: { type: 'system', id: 'thank-you' } });
  });

  it('lists the open queue most urgent first, pages with a cursor, and counts breaches on cases', async () => {
    const all: Case[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 20; i++) {
      const res = await get(`/api/cases?brand=demo&state=new,open,pending&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      if (res.status !== 200) throw new Error(await res.text());
      const page = (await res.json()) as { items: Case[]; cursor?: string };
      all.push(...page.items);
      cursor = page.cursor;
      if (!cursor) break;
    }
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    const dues = all.filter((c) => c.state !== 'pending').map((c) => c.sla.nextResponseDueAt && c.firstResponseAt ? c.sla.nextResponseDueAt : c.sla.firstResponseDueAt!);
    expect(dues).toEqual([...dues].sort());
    const later = new Date(Date.now() + 30 * 86_400_000);
    const breached = await countBreachedCases(store, 'demo', later);
    expect(breached).toBe(all.filter((c) => c.state !== 'pending').length);
    expect(await countBreachedCases(store, 'demo', new Date(Date.now() - 86_400_000))).toBe(0);
    const unassigned = (await (await get('/api/cases?brand=demo&state=new,open,pending&assignee=none&limit=100')).json()) as { items: Case[] };
    expect(unassigned.items.length).toBeGreaterThan(0);
    expect(unassigned.items.every((c) => c.assignee === undefined)).toBe(true);
    const taken = (await (await get('/api/cases?brand=demo&assignee=agent-0%40demo.test')).json()) as { items: Case[] };
    expect(taken.items.map((c) => c.assignee)).toEqual(['agent-0@demo.test'].slice(0, taken.items.length));
    // Closed ones latest first, across the shards, paged.
    const closed: Case[] = [];
    let next: string | undefined;
    do {
      const page = (await (await get(`/api/cases?brand=demo&state=resolved,dismissed,spam&limit=2${next ? `&cursor=${next}` : ''}`)).json()) as { items: Case[]; cursor?: string };
      closed.push(...page.items);
      next = page.cursor;
    } while (next);
    expect(closed.map((c) => c.state)).toEqual(expect.arrayContaining(['resolved', 'dismissed', 'spam']));
    expect(closed.every((c) => ['resolved', 'dismissed', 'spam'].includes(c.state))).toBe(true);
    const updated = closed.map((c) => c.updatedAt);
    expect(updated).toEqual([...updated].sort().reverse());
    // Without a state: every state, the active ones first.
    const everything = (await (await get('/api/cases?brand=demo&limit=100')).json()) as { items: Case[] };
    expect(everything.items.length).toBe(all.length + closed.length);
    expect(everything.items.findIndex((c) => !['new', 'open', 'pending'].includes(c.state))).toBe(all.length);
    expect((await get('/api/cases?brand=demo&state=bogus')).status).toBe(400);
    expect((await get('/api/cases?brand=demo&limit=101')).status).toBe(400);
  });
});
