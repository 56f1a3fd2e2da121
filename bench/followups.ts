import { pathToFileURL } from 'node:url';
import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { startSink } from '../local/sink.ts';
import { ensureTable, startDynamo } from '../local/dynamodb.ts';
import { indexBrands, parseConfig } from '../shared/config/load.ts';
import { readReplyEnv } from '../shared/platforms/index.ts';
import { sweep } from '../shared/flows/follow-up.ts';
import type { FlowDeps } from '../shared/flows/thank-you.ts';
import { createDynamo } from '../shared/store/client.ts';
import { dueKeys } from '../shared/store/due-index.ts';
import { followUpKey, scheduleFollowUp } from '../shared/store/follow-ups.ts';
import type { Store } from '../shared/store/client.ts';
import { storeMention, toMention } from '../shared/store/mentions.ts';
import { drive, type Figures, median, round } from './stats.ts';

const PENDING = Number(process.env.BENCH_FOLLOWUPS_PENDING ?? 100_000);
const DUE_PER_ROUND = 20;
const ROUNDS = Number(process.env.BENCH_FOLLOWUPS_ROUNDS ?? 9);
const DAY = 86_400_000;

/**
 * followups.sweep_ratio: the minute sweep with 100,000 follow-ups pending (due in 1–30 days)
 * over the same sweep with none pending, rounds alternating in one run. Each round both tables
 * get the same 20 due follow-ups, so both sweeps send 20 DMs to the recording sink: the only
 * difference is what is waiting, which the sparse due index must never read.
 *
 * Each table runs in its own DynamoDB Local: with both in one (sharedDb SQLite), every call on
 * the small table slows 15–40x once the other holds 100k items (GetItem by key included), an
 * emulator artifact that would measure SQLite, not the sweep.
 */
export async function benchFollowups(): Promise<Figures> {
  const dynamos = await Promise.all([startDynamo(), startDynamo()]);
  const sink = await startSink();
  try {
    const [none, pending] = await Promise.all(
      dynamos.map(async (d) => {
        const ddb = createDynamo(d.endpoint);
        await ensureTable(ddb, 'bench-followups');
        return { ddb, table: 'bench-followups' };
      }),
    );
    const brands = indexBrands(parseConfig({ brands: [{ id: 'demo', name: 'Demo', accounts: { x: ['brand-x'] } }] }));
    const env = readReplyEnv({ X_API_URL: `${sink.url}/x`, X_ACCESS_TOKEN: 'bench' } as NodeJS.ProcessEnv);
    let now = new Date('2026-11-17T10:00:00Z');
    const deps = (store: Store): FlowDeps => ({ store, brands, reply: { env, fetch, timeoutMs: 5000 }, now: () => now });

    const t0 = performance.now();
    await seedPending(pending!.ddb, pending!.table, now);
    const seedSeconds = (performance.now() - t0) / 1000;

    const times = { none: [] as number[], pending: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      now = new Date(now.getTime() + 60_000);
      for (const [name, store] of [['none', none!], ['pending', pending!]] as const) {
        const d = deps(store);
        await seedDue(d.store, r, now);
        const start = performance.now();
        const report = await sweep(d);
        const ms = performance.now() - start;
        if (report.sent !== DUE_PER_ROUND) throw new Error(`${name} sweep sent ${report.sent} of ${DUE_PER_ROUND}`);
        if (r > 0) times[name].push(ms); // round 0 warms connections and the JIT
      }
    }
    const withNone = median(times.none);
    const withPending = median(times.pending);
    return {
      'followups.sweep_ratio': { value: round(withPending / withNone), unit: 'ratio', floor: round(withNone), ratio: round(withPending / withNone) },
      'followups.sweep_ms_100k_pending': { value: round(withPending), unit: 'ms' },
      'followups.seed_100k_s': { value: round(seedSeconds, 1), unit: 's' },
    };
  } finally {
    await sink.close();
    await Promise.all(dynamos.map((d) => d.stop()));
  }
}

/** 100,000 scheduled follow-ups due later, written 25 at a time as BatchWriteItem allows. */
async function seedPending(ddb: DynamoDBClient, table: string, now: Date): Promise<void> {
  const batches = Math.ceil(PENDING / 25);
  await drive(batches, 16, async (b) => {
    const items = Array.from({ length: Math.min(25, PENDING - b * 25) }, (_, k) => pendingItem(b * 25 + k, now));
    let requests = { [table]: items.map((Item) => ({ PutRequest: { Item } })) };
    // DynamoDB may hand back part of a batch under load: resend what it did not take.
    while (requests[table]?.length) {
      const out = await ddb.send(new BatchWriteItemCommand({ RequestItems: requests }));
      requests = (out.UnprocessedItems ?? {}) as typeof requests;
    }
  });
}

function pendingItem(i: number, now: Date) {
  const id = `x-pending-${i}`;
  const dueAt = new Date(now.getTime() + DAY + (i % 29) * DAY + (i % 86_400) * 1000).toISOString();
  return marshall({
    ...followUpKey(id),
    ...dueKeys(id, dueAt),
    type: 'followup', id, brand: 'demo', caseId: id, mentionId: `x-m-${i}`, state: 'scheduled', dueAt,
    scheduledAt: now.toISOString(), gsi1pk: 'FOLLOWUPS#demo', gsi1sk: `${now.toISOString()}#${id}`,
  });
}

/** The round's due follow-ups: an answered X complaint each, due a minute ago. */
async function seedDue(store: Store, round: number, now: Date): Promise<void> {
  const at = new Date(now.getTime() - 60_000).toISOString();
  await Promise.all(
    Array.from({ length: DUE_PER_ROUND }, async (_, k) => {
      const created = new Date(now.getTime() - DAY).toISOString();
      const m = {
        ...toMention({ platform: 'x', kind: 'post', externalId: `due-${round}-${k}`, accountId: 'brand-x', author: { id: `cust-${round}-${k}` }, text: 'Storing!', createdAt: created }, 'demo', created),
        status: 'answered' as const, intent: 'complaint' as const, lang: 'nl',
      };
      await storeMention(store, m);
      await scheduleFollowUp(store, { brand: 'demo', caseId: `case-${m.id}`, mentionId: m.id, dueAt: at, now: created });
    }),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchFollowups(), null, 2));
  process.exit(0);
}
