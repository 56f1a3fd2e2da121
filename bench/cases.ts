import { pathToFileURL } from 'node:url';
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { createApiApp } from '../functions/api/app.ts';
import { provision, startStack } from '../local/stack.ts';
import { createSns } from '../shared/bus/clients.ts';
import type { Case } from '../shared/case.ts';
import { newCase } from '../shared/cases/upkeep.ts';
import { readReplyEnv } from '../shared/platforms/index.ts';
import { caseKeys } from '../shared/store/cases.ts';
import { createDynamo, type Store } from '../shared/store/client.ts';
import { demoBrands } from '../tests/support/apps.ts';
import { benchCaseTriage } from './cases-triage.ts';
import { writeCases } from './seed-cases.ts';
import { type Figures, median, round } from './stats.ts';

const OPEN = Number(process.env.BENCH_CASES_OPEN ?? 100_000);
const ROUNDS = Number(process.env.BENCH_CASES_LIST_ROUNDS ?? 400);
const PAGE = 25;
const ADMIN = 'bench-admin-token-long-enough-for-24-bytes';
const PLATFORMS = ['x', 'facebook', 'instagram', 'messenger', 'whatsapp', 'google'];

/**
 * The cases suite, on one DynamoDB Local and fauxqs: cases.triage_ratio first (cases-triage.ts,
 * on a small table: a table of 100k in the same DynamoDB Local would slow it, an emulator artifact),
 * then cases.list_ratio on a table seeded with 100,000 open cases.
 */
export async function benchCases(): Promise<Figures> {
  const stack = await startStack({});
  try {
    const endpoints = { dynamo: stack.dynamo.endpoint, fauxqs: stack.fauxqs.address };
    const brands = demoBrands();
    const triageRes = await provision(endpoints, 'bench-cases-triage-', []);
    const triage = await benchCaseTriage({ ddb: createDynamo(endpoints.dynamo), table: triageRes.table }, endpoints.fauxqs, triageRes.topicArns.mentionEvents, brands);
    const resources = await provision(endpoints, 'bench-cases-list-', []);
    const store = { ddb: createDynamo(endpoints.dynamo), table: resources.table };
    const t0 = performance.now();
    await seedOpenCases(store);
    const seedSeconds = (performance.now() - t0) / 1000;
    const app = createApiApp({
      store,
      sns: createSns(endpoints.fauxqs),
      brands,
      adminToken: ADMIN,
      topics: { mentionEvents: resources.topicArns.mentionEvents, statusUpdates: resources.topicArns.statusUpdates },
      publicUrl: 'http://127.0.0.1:3999',
      now: () => new Date(),
      reply: { env: readReplyEnv({}), fetch: globalThis.fetch },
    });
    return { ...(await listRatio(app, store)), 'cases.seed_100k_s': { value: round(seedSeconds, 1), unit: 's' }, ...triage };
  } finally {
    await stack.stop();
  }
}

/**
 * cases.list_ratio: `GET /api/cases?brand=demo&state=open` through the API app (admin bearer)
 * over the bare read of the same page: the page is a scatter-gather over the 16 queue shards, so
 * the honest floor is the same 16 Queries (same key, filter and Limit as case-queue.ts sends),
 * issued in parallel with the SDK and merged by sort key. One of each alternately, p50 of each.
 */
async function listRatio(app: ReturnType<typeof createApiApp>, store: Store): Promise<Figures> {
  const headers = { authorization: `Bearer ${ADMIN}` };
  const api = async () => {
    const res = await app.request(`/api/cases?brand=demo&state=open&limit=${PAGE}`, { headers });
    const body = (await res.json()) as { items?: Case[]; cursor?: string };
    if (res.status !== 200 || body.items?.length !== PAGE || !body.cursor) throw new Error(`bench cases: the API answered ${res.status}`);
  };
  const query = (pk: string): QueryCommandInput => ({
    TableName: store.table,
    IndexName: 'gsi4',
    KeyConditionExpression: '#pk = :pk',
    FilterExpression: '#state IN (:s0)',
    ExpressionAttributeNames: { '#pk': 'gsi4pk', '#state': 'state' },
    ExpressionAttributeValues: { ':pk': { S: pk }, ':s0': { S: 'open' } },
    ScanIndexForward: true,
    // What scatterPage asks each shard for a page of 25: limit + 1 to know there is more, + 1.
    Limit: PAGE + 2,
  });
  const bare = async () => {
    const pages = await Promise.all(caseKeys.queues('demo', 'active').map((pk) => store.ddb.send(new QueryCommand(query(pk)))));
    const page = pages.flatMap((p) => p.Items ?? []).sort((a, b) => a.gsi4sk!.S!.localeCompare(b.gsi4sk!.S!)).slice(0, PAGE);
    if (page.length !== PAGE) throw new Error('bench cases: the bare read found no full page');
  };
  const single = async () => {
    const out = await store.ddb.send(new QueryCommand(query(caseKeys.queue('demo', 'active', 0))));
    if (!out.Items?.length) throw new Error('bench cases: shard 0 is empty');
  };
  const timed = async (f: () => Promise<void>) => {
    const start = performance.now();
    await f();
    return performance.now() - start;
  };
  const times = { api: [] as number[], bare: [] as number[], single: [] as number[] };
  for (let i = 0; i < ROUNDS + 20; i++) {
    const order = i % 2 ? (['api', 'bare'] as const) : (['bare', 'api'] as const);
    for (const which of order) {
      const ms = await timed(which === 'api' ? api : bare);
      if (i >= 20) times[which].push(ms);
    }
    if (i % 4 === 0) times.single.push(await timed(single));
  }
  const p50 = { api: median(times.api), bare: median(times.bare) };
  return {
    'cases.list_ratio': { value: round(p50.api / p50.bare), unit: 'ratio', floor: round(p50.bare), ratio: round(p50.api / p50.bare) },
    'cases.list_p50_ms': { value: round(p50.api), unit: 'ms' },
    'cases.single_query_p50_ms': { value: round(median(times.single)), unit: 'ms' },
  };
}

/**
 * 100,000 open cases, written in batches (seed-cases.ts). Built from 600 cases opened by newCase at different minutes on six channels
 * (the SLA arithmetic is the real one), each reused under its own ids.
 */
async function seedOpenCases(store: Store): Promise<void> {
  const brand = demoBrands().byId('demo')!;
  const t0 = Date.parse('2026-11-16T09:00:00Z');
  const templates = Array.from({ length: 600 }, (_, k) => {
    const platform = PLATFORMS[k % PLATFORMS.length]!;
    const at = new Date(t0 + k * 97_000);
    const message = { id: `${platform}-bench-${k}`, brand: 'demo', platform, text: 'Mijn factuur klopt niet', createdAt: at.toISOString(), conversationId: `conv-${k}`, author: { id: `cust-${k}` }, lang: 'nl', sentiment: { label: 'negative', score: -0.6, confidence: 0.8 } as never, intent: 'complaint' as const, priority: 30 + (k % 60), team: 'webcare' };
    return newCase(brand, `case-${message.id}`, message, at).next;
  });
  const caseOf = (i: number): Case => {
    const id = `case-bench-open-${i}`;
    return { ...templates[i % templates.length]!, id, state: 'open', assignee: `agent-${i % 20}@demo.test`, firstMentionId: id, lastMentionId: id };
  };
  await writeCases(store, OPEN, caseOf);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchCases(), null, 2));
  process.exit(0);
}
