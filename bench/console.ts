import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startIssuer } from '../local/oidc/issuer.ts';
import { provision, startStack } from '../local/stack.ts';
import { configurePrivacyHashKey } from '../shared/keyed-hash.ts';
import type { Case } from '../shared/case.ts';
import { consoleAssets } from '../shared/console/assets.ts';
import { createDynamo } from '../shared/store/client.ts';
import { createSession } from '../shared/store/sessions.ts';
import { storeMention } from '../shared/store/mentions.ts';
import { triaged } from '../tests/unit/flows/fixtures.ts';
import { benchApiApp } from './api-app.ts';
import { writeCases } from './seed-cases.ts';
import { drive, type Figures, pairedP50, round } from './stats.ts';

const CASES = Number(process.env.BENCH_CONSOLE_CASES ?? 100_000);
const COUNT = Number(process.env.BENCH_CONSOLE_COUNT ?? 300);
const ADMIN = 'bench-admin-token-long-enough-for-24-bytes';
const APP = 'http://127.0.0.1:3998';

/**
 * console.asset_kb: the script and style sheet the inbox loads, gzipped (what a browser fetches once).
 * console.inbox_ratio: `GET /console` (50 rows of CASES open cases: the session, the same queue read,
 * the customers' last messages in one batch read, the page rendered) p50 over the `GET /api/cases`
 * page of 50 it wraps, same app, same DynamoDB Local, requests alternating. Targets < 100 KB, ≤ 1.5.
 */
export async function benchConsole(): Promise<Figures> {
  const { css, js } = consoleAssets();
  const assetKb = (gzipSync(css.body).length + gzipSync(js.body).length) / 1024;

  const stack = await startStack({});
  const idp = await startIssuer({ publicUrl: APP, password: 'bench password', audience: 'wecare-api' });
  try {
    const endpoints = { dynamo: stack.dynamo.endpoint, fauxqs: stack.fauxqs.address };
    const resources = await provision(endpoints, 'bench-console-', []);
    const store = { ddb: createDynamo(endpoints.dynamo), table: resources.table };
    const now = Date.now();
    // The most urgent cases (the ones a page shows) point at stored messages; the rest only fill the queue.
    const shown = new Map<number, string>();
    await drive(200, 16, async (i) => {
      const m = triaged(`19100000000${100000 + i}`, { createdAt: new Date(now - 60_000).toISOString(), text: `Klant ${i}: mijn factuur klopt niet en niemand reageert, al drie dagen niet.` });
      await storeMention(store, m);
      shown.set(i, m.id);
    });
    await writeCases(store, CASES, (i) => benchCase(i, now, shown.get(i) ?? `bench-m-${i}`));
    const app = benchApiApp({ store, fauxqs: endpoints.fauxqs, resources, issuer: idp.issuer, adminToken: ADMIN, publicUrl: APP });
    // A signed-in agent's session as the callback stores it (the sign-in itself is not what is measured).
    const id = randomBytes(32);
    await createSession(store, id, { principal: { actor: { type: 'user', id: 'agent@demo.test' }, role: 'agent', brands: ['demo'] }, email: 'agent@demo.test', createdAt: new Date(now).toISOString(), accessExpiresAt: now + 3_600_000, idleExpiresAt: now + 3_600_000, expiresAt: now + 3_600_000 });
    const cookie = `wecare_session=${id.toString('base64url')}`;
    const calls = {
      inbox: () => app.request('/console?brand=demo', { headers: { cookie } }),
      api: () => app.request('/api/cases?brand=demo&state=new,open,pending&limit=50', { headers: { authorization: `Bearer ${ADMIN}` } }),
    };
    const once = async (which: keyof typeof calls) => {
      const start = performance.now();
      const res = await calls[which]();
      const text = await res.text();
      if (res.status !== 200 || (which === 'inbox' && (text.match(/<tr data-id=/g)?.length ?? 0) !== 50)) throw new Error(`bench console: ${which} got ${res.status}`);
      return performance.now() - start;
    };
    const { inbox, api } = await pairedP50(once, ['inbox', 'api'], COUNT, 30);
    return {
      'console.inbox_ratio': { value: round(inbox / api, 2), unit: 'ratio', floor: round(api, 2), ratio: round(inbox / api, 2) },
      'console.inbox_p50_ms': { value: round(inbox, 2), unit: 'ms' },
      'console.asset_kb': { value: round(assetKb, 1), unit: 'KB' },
    };
  } finally {
    await idp.close();
    await stack.stop();
  }
}

function benchCase(i: number, now: number, lastMentionId: string): Case {
  const at = new Date(now - 60_000).toISOString();
  const due = new Date(now + 60_000 * (i + 1)).toISOString();
  return {
    id: `case-bench-${String(i).padStart(6, '0')}`,
    brand: 'demo',
    state: i % 3 === 0 ? 'open' : 'new',
    version: 1,
    team: 'webcare',
    priority: 50,
    intent: 'complaint',
    sentiment: { label: 'negative', score: -0.6, confidence: 0.8 },
    lang: 'nl',
    platforms: ['x'],
    customer: { platform: 'x', id: `cust-${i}`, handle: `klant${i}`, name: `Klant ${i}` },
    conversations: [`conv-${i}`],
    sla: { firstResponseDueAt: due, resolutionDueAt: new Date(now + 86_400_000).toISOString(), breached: false },
    firstMentionId: lastMentionId,
    lastMentionId,
    lastCustomerAt: at,
    lastSeq: `${at}#${lastMentionId}`,
    preview: 'Mijn factuur klopt niet en niemand reageert',
    tags: [],
    reopened: 0,
    createdAt: at,
    updatedAt: at,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // Alone (not through run.ts): the seeded messages need the keyed-hash key, as in run.ts.
  process.env.PRIVACY_HASH_KEY ??= randomBytes(32).toString('base64url');
  configurePrivacyHashKey(process.env);
  console.log(JSON.stringify(await benchConsole(), null, 2));
  process.exit(0);
}
