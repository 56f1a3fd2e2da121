import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../shared/case.ts';
import { eraseCaseCustomer } from '../../shared/cases/erase.ts';
import { listCases } from '../../shared/store/case-queue.ts';
import { saveCase } from '../../shared/store/cases.ts';
import type { Store } from '../../shared/store/client.ts';
import { createSession } from '../../shared/store/sessions.ts';
import { createApiApp } from '../../functions/api/app.ts';
import { apiContext, auth } from '../support/api.ts';
import { freshResources } from '../support/emulators.ts';

/**
 * The inbox's filters and search over a whole queue, not its first page: every filter is a
 * DynamoDB filter on the sharded queue (case-queue.ts), a rare term stops on a read budget and goes
 * on from a cursor, text is found regardless of case and accents, hostile input is only data.
 */
const NOW = new Date('2026-12-01T10:00:00.000Z');
const QUEUE = 240;
let store: Store;
let app: ReturnType<typeof createApiApp>;
let cookie: string;

const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

/** Queue order is the running deadline: case i is due i minutes from now (the first few are past). */
function queued(i: number, over: Partial<Case> = {}): Case {
  const id = `case-search-${String(i).padStart(4, '0')}`;
  return {
    id,
    brand: 'demo',
    state: 'open',
    version: 1,
    team: 'webcare',
    priority: 50,
    intent: 'question',
    sentiment: { label: 'neutral', score: 0, confidence: 0.7 },
    lang: 'nl',
    platforms: ['x'],
    customer: { platform: 'x', id: `cust-${i}`, handle: `klant${i}`, name: `Klant ${i}` },
    conversations: [`conv-${i}`],
    sla: { firstResponseDueAt: at(i - 3), resolutionDueAt: at(3000), breached: false },
    firstMentionId: `m-${i}`,
    lastMentionId: `m-${i}`,
    lastCustomerAt: at(-60),
    lastSeq: `${at(-60)}#m-${i}`,
    preview: 'Wanneer komt de monteur langs?',
    tags: [],
    reopened: 0,
    createdAt: at(-60),
    updatedAt: at(-60),
    ...over,
  };
}

/** The odd ones out, deep in the queue (past the first 100 the inbox used to look at). */
const SPECIAL: Record<number, Partial<Case>> = {
  150: { preview: 'Het CAFÉ-abonnement is twee keer afgeschreven!', intent: 'complaint', sentiment: { label: 'negative', score: -0.7, confidence: 0.9 } },
  199: { preview: 'Thank you so much, great help', lang: 'en', intent: 'compliment', sentiment: { label: 'positive', score: 0.8, confidence: 0.9 }, assignee: 'agent@demo.test' },
  230: { preview: 'Nog steeds geen internet', customer: { platform: 'x', id: 'cust-230', handle: 'JoséVermeulen', name: 'José' }, intent: 'complaint' },
  // Answered after its deadline: breached though its next deadline is far away.
  231: { firstResponseAt: at(-10), sla: { firstResponseDueAt: at(-20), nextResponseDueAt: at(600), resolutionDueAt: at(3000), breached: false } },
  // Pending: its clock does not run, so a passed first deadline is not a running breach.
  232: { state: 'pending', firstResponseAt: at(-30), sla: { firstResponseDueAt: at(-20), nextResponseDueAt: at(-5), resolutionDueAt: at(3000), breached: false } },
};

beforeAll(async () => {
  const fresh = await freshResources('case-search');
  store = fresh.store;
  // The console's routes need an issuer; a live session never asks it anything (no refresh within the hour).
  const oidc = { issuer: 'http://127.0.0.1:9/unused', audience: 'wecare-api', clientId: 'wecare-console' };
  app = createApiApp({ ...apiContext(store, fresh.resources, () => NOW), oidc, jwt: { verify: () => Promise.reject(new Error('no tokens here')) } });
  for (let i = 0; i < QUEUE; i += 20) await Promise.all(Array.from({ length: 20 }, (_, k) => saveCase(store, queued(i + k, SPECIAL[i + k]))));
  const id = randomBytes(32);
  // Valid whichever clock the session check reads (the app's fixed one or the machine's).
  const t = Math.max(Date.now(), NOW.getTime());
  await createSession(store, id, { principal: { actor: { type: 'user', id: 'agent@demo.test' }, role: 'agent', brands: ['demo'] }, email: 'agent@demo.test', createdAt: NOW.toISOString(), accessExpiresAt: t + 3_600_000, idleExpiresAt: t + 3_600_000, expiresAt: t + 3_600_000 });
  cookie = `wecare_session=${id.toString('base64url')}`;
}, 120_000);

const ids = async (query: string) => {
  const res = await app.request(`/api/cases?brand=demo&limit=100&${query}`, { headers: auth });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { items: Case[] }).items.map((c) => Number(c.id.slice(-4)));
};

describe('GET /api/cases filters the whole queue', () => {
  it('finds text regardless of case and accents, in the message and in who wrote it', async () => {
    expect(await ids('q=cafe')).toEqual([150]);
    expect(await ids('q=Caf%C3%A9-ABONNEMENT')).toEqual([150]);
    expect(await ids('q=jose')).toEqual([230]);
    expect(await ids('q=klant17')).toEqual([17, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179]);
  });

  it('filters on intent, sentiment, language and assignee', async () => {
    expect(await ids('intent=complaint')).toEqual([150, 230]);
    expect(await ids('sentiment=positive')).toEqual([199]);
    expect(await ids('lang=en')).toEqual([199]);
    expect(await ids('assignee=none&intent=compliment')).toEqual([]);
    expect(await ids('assignee=agent@demo.test')).toEqual([199]);
  });

  it('breached: a running deadline passed or an answer after its deadline, not a pending clock', async () => {
    // Cases 0..2 are due 3..1 minutes ago; 3 is due now (not yet late); 231 was answered late.
    expect(await ids('breached=true')).toEqual([0, 1, 2, 231]);
    const bad = await app.request('/api/cases?brand=demo&breached=yes', { headers: auth });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/breached/);
  });

  it('treats hostile search text as data and bounds it', async () => {
    for (const q of [`') OR attribute_exists(pk) OR contains(#search, '`, ':text #search', '<script>alert(1)</script>', '%00', '🙂'.repeat(50)]) {
      expect(await ids(`q=${encodeURIComponent(q)}`)).toEqual([]);
    }
    const long = await app.request(`/api/cases?brand=demo&q=${'a'.repeat(201)}`, { headers: auth });
    expect(long.status).toBe(400);
    expect(await long.text()).toMatch(/q/);
  });
});

describe('a search that stops on its read budget', () => {
  it('answers what it found with a cursor, and going on finds every match once', async () => {
    const found: string[] = [];
    let cursor: string | undefined;
    const scans: number[] = [];
    for (let calls = 0; calls < 100; calls++) {
      const page = await listCases(store, { brand: 'demo', states: ['new', 'open', 'pending'], intent: 'complaint', limit: 50, budget: 4, cursor });
      found.push(...page.items.map((c) => c.id));
      scans.push(page.scanned);
      cursor = page.cursor;
      if (!cursor) break;
    }
    expect(found).toEqual(['case-search-0150', 'case-search-0230']);
    // 16 shards × a budget of 4: no call read more than that, and more than one call was needed.
    expect(Math.max(...scans)).toBeLessThanOrEqual(16 * 4);
    expect(scans.length).toBeGreaterThan(2);
    expect(scans.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(QUEUE);
  });
});

describe('the console inbox', () => {
  const inbox = async (query: string) => {
    const res = await app.request(`/console?${query}`, { headers: { cookie, 'accept-language': 'en' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    return { html, rows: [...html.matchAll(/<tr data-id="case-search-(\d{4})"/g)].map((m) => Number(m[1])) };
  };

  it('searches every open case, not only the first hundred', async () => {
    expect((await inbox('q=afgeschreven')).rows).toEqual([150]);
    expect((await inbox('sentiment=positive')).rows).toEqual([199]);
    expect((await inbox('breached=1')).rows).toEqual([0, 1, 2, 231]);
    const plain = await inbox('');
    expect(plain.rows).toHaveLength(50);
    expect(plain.html).not.toContain('id="partial"');
  });
});

describe('erasure reaches the search text', () => {
  it('an erased customer is no longer found by name, handle or id, nor by their last words', async () => {
    expect(await ids('q=jose')).toEqual([230]);
    await eraseCaseCustomer(store, 'case-search-0230', 'anon-0230');
    for (const q of ['jose', 'vermeulen', 'cust-230', 'internet']) expect(await ids(`q=${q}`)).toEqual([]);
  });
});
