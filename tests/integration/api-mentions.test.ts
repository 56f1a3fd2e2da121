import { beforeAll, describe, expect, it } from 'vitest';
import type { Mention } from '../../shared/mention.ts';
import type { Store } from '../../shared/store/client.ts';
import { storeMention, toMention } from '../../shared/store/mentions.ts';
import { ADMIN, apiApp, auth } from '../support/api.ts';
import { freshResources } from '../support/emulators.ts';

let app: ReturnType<typeof apiApp>;
let store: Store;

function mention(n: number, over: Partial<Mention> = {}): Mention {
  const created = new Date(Date.UTC(2026, 10, 1, 9, n)).toISOString();
  return {
    ...toMention(
      { platform: n % 2 ? 'x' : 'facebook', kind: 'comment', externalId: `m${n}`, accountId: 'a', author: { id: `u${n}` }, text: `mention ${n}`, createdAt: created },
      'demo',
      created,
    ),
    ...over,
  };
}

beforeAll(async () => {
  const fresh = await freshResources('api-mentions');
  store = fresh.store;
  app = apiApp(store, fresh.resources);
  for (let n = 0; n < 30; n++) await storeMention(store, mention(n, n < 5 ? { intent: 'complaint', sentiment: { label: 'negative', score: -0.8 } } : {}));
  await storeMention(store, { ...mention(99), brand: 'other' });
});

const get = (path: string, headers: Record<string, string> = auth) => app.request(path, { headers });

describe('GET /api/mentions', () => {
  it('pages through a brand newest first with a cursor, every mention once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await get(`/api/mentions?brand=demo&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: Mention[]; cursor?: string };
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((m) => m.externalId));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    expect(seen[0]).toBe('m29');
    expect(seen).not.toContain('m99');
  });

  it('filters by platform, intent and sentiment', async () => {
    const res = await get('/api/mentions?brand=demo&intent=complaint&sentiment=negative&platform=x&limit=50');
    const page = (await res.json()) as { items: Mention[] };
    expect(page.items.map((m) => m.externalId).sort()).toEqual(['m1', 'm3']);
  });

  it('rejects a bad filter with 400 naming it', async () => {
    const res = await get('/api/mentions?brand=demo&limit=5000');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/limit/);
    const noBrand = await get('/api/mentions');
    expect(((await noBrand.json()) as { error: { message: string } }).error.message).toMatch(/brand/);
    const badCursor = await get('/api/mentions?brand=demo&cursor=garbage');
    expect(badCursor.status).toBe(400);
  });
});

describe('GET /api/mentions/:id', () => {
  it('returns the stored mention, 404 for an unknown id', async () => {
    const wanted = mention(3);
    const res = await get(`/api/mentions/${wanted.id}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Mention).text).toBe('mention 3');
    expect((await get('/api/mentions/x-nope')).status).toBe(404);
  });
});

describe('bearer auth', () => {
  it('refuses a missing or wrong token with 401, without echoing the token', async () => {
    expect((await get('/api/mentions?brand=demo', {})).status).toBe(401);
    const wrong = await get('/api/mentions?brand=demo', { authorization: `Bearer ${ADMIN}x` });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain(ADMIN);
  });
});
