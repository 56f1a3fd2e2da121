import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../shared/store/client.ts';
import { ownFixture, sharedFixture, webhookApp } from '../support/apps.ts';
import { freshResources } from '../support/emulators.ts';
import { signed } from '../support/sign.ts';

type Route = Parameters<typeof signed>[0];
let app: ReturnType<typeof webhookApp>;
let store: Store;

beforeAll(async () => {
  ({ store } = await freshResources('property'));
  app = webhookApp(store);
});

const ROUTES: Route[] = ['x', 'meta', 'google', 'trustpilot', 'generic'];

/** Every payload we hold as valid, per route: the shared Meta fixtures and our own. */
function validPayloads(): Array<[Route, string, string]> {
  const meta = ['facebook', 'instagram', 'whatsapp'].flatMap((dir) =>
    readdirSync(resolve(import.meta.dirname, '../../../shared/fixtures/meta', dir)).map((f) => [`meta/${dir}/${f}`, sharedFixture(`meta/${dir}/${f}`)] as const),
  );
  const own = (['x', 'google', 'trustpilot', 'generic'] as const).flatMap((route) =>
    readdirSync(resolve(import.meta.dirname, '../fixtures', route)).map((f) => [route, `${route}/${f}`, ownFixture(`${route}/${f}`)] as [Route, string, string]),
  );
  return [...meta.map(([name, body]) => ['meta', name, body] as [Route, string, string]), ...own];
}

/** Paths to every property of a JSON value, for "remove any field". */
function paths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((v, i) => paths(v, [...at, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [[...at, k], ...paths(v, [...at, k])]);
  }
  return [];
}

function without(value: unknown, path: Array<string | number>): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (Array.isArray(node)) node.splice(last as number, 1);
  else delete node[last];
  return copy;
}

async function send(route: Route, body: string) {
  const { path, init } = signed(route, body);
  return app.request(path, init);
}

describe('any input, never a 500', () => {
  it('arbitrary bytes, correctly signed, get 200 or 400 on every route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.string({ unit: 'binary', maxLength: 300 }), async (route, body) => {
        const res = await send(route, body);
        expect([200, 400]).toContain(res.status);
        if (res.status === 400) expect(((await res.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(3);
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary JSON, correctly signed, gets 200 or 400 on every route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.jsonValue({ maxDepth: 4 }), async (route, json) => {
        const res = await send(route, JSON.stringify(json));
        expect([200, 400]).toContain(res.status);
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary bytes, unsigned or wrongly signed, get 401', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<Route>('x', 'meta', 'generic'), fc.string({ maxLength: 200 }), fc.string({ maxLength: 80 }), async (route, body, sig) => {
        const headers = { 'x-twitter-webhooks-signature': sig, 'x-hub-signature-256': sig, 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': sig };
        const res = await app.request(`/webhooks/${route}`, { method: 'POST', body, headers });
        expect(res.status).toBe(401);
      }),
      { numRuns: 120 },
    );
  });
});

describe('a valid payload with any field removed', () => {
  const cases = validPayloads();
  it.each(cases)('%s %s: rejected naming the field, or accepted when it is optional', async (route, _name, body) => {
    const json = JSON.parse(body);
    for (const path of paths(json)) {
      const res = await send(route, JSON.stringify(without(json, path)));
      if (res.status === 200) continue;
      expect(res.status, `removing ${path.join('.')}`).toBe(400);
      const message = ((await res.json()) as { error: { message: string } }).error.message;
      // The message names the removed field, or for a Pub/Sub envelope, the part that no longer decodes.
      const named = path.some((key) => typeof key === 'string' && message.includes(key)) || /no known event|message\.data/.test(message);
      expect(named, `removing ${path.join('.')} gave "${message}"`).toBe(true);
    }
  });
});
