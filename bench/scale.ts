import { pathToFileURL } from 'node:url';
import { provision, startStack } from '../local/stack.ts';
import { demoBrands } from '../tests/support/apps.ts';
import { burst } from './scale-burst.ts';
import type { Figures } from './stats.ts';
import { patternOf, top } from './wcu.ts';

const COUNT = Number(process.env.BENCH_SCALE_COUNT ?? 5_000);
const LIMIT = 1000;

/**
 * scale.hottest_partition_wcu: one brand's burst of 5,000 mentions through ingest and triage,
 * every write priced per partition key (table and each GSI), as if the burst took one second:
 * the hottest key's write units per second at 5,000 mentions/s. DynamoDB caps a partition at
 * ~1,000 WCU/s. The top five keys are printed to stderr for ARCHITECTURE.md.
 */
export async function benchScale(): Promise<Figures> {
  const stack = await startStack({});
  try {
    const endpoints = { dynamo: stack.dynamo.endpoint, fauxqs: stack.fauxqs.address };
    const resources = await provision(endpoints, 'bench-scale-', []);
    const out = await burst({ endpoint: endpoints.dynamo, fauxqs: endpoints.fauxqs, table: resources.table, streamArn: resources.streamArn, topicArn: resources.topicArns.mentionEvents, brands: demoBrands(), count: COUNT });
    const perSecond = 5000 / COUNT;
    const hottest = top(out.load, 5);
    process.stderr.write(`scale: ${COUNT} mentions, ${out.triaged} triaged, ${out.records} stream records; top keys (WCU at 5,000 mentions/s):\n`);
    for (const k of hottest) process.stderr.write(`  ${String(Math.round(k.wcu * perSecond)).padStart(6)}  ${k.key}  (${k.pattern}, ${k.writes} writes, largest ${k.bytes} B)\n`);
    // The hottest key of each pattern, and the pattern's units per mention: the arithmetic of ARCHITECTURE.md.
    const patterns = new Map<string, { keys: number; max: number; wcu: number; writes: number }>();
    for (const [key, k] of out.load) {
      const p = patterns.get(patternOf(key)) ?? { keys: 0, max: 0, wcu: 0, writes: 0 };
      patterns.set(patternOf(key), { keys: p.keys + 1, max: Math.max(p.max, k.wcu), wcu: p.wcu + k.wcu, writes: p.writes + k.writes });
    }
    process.stderr.write('  per pattern: hottest key WCU/s, keys, writes and WCU per mention\n');
    for (const [p, v] of [...patterns].sort(([, a], [, b]) => b.max - a.max)) {
      process.stderr.write(`  ${String(Math.round(v.max * perSecond)).padStart(6)}  ${p.padEnd(34)} keys ${String(v.keys).padStart(5)}  writes/mention ${(v.writes / COUNT).toFixed(2)}  WCU/mention ${(v.wcu / COUNT).toFixed(2)}\n`);
    }
    const wcu = Math.round(hottest[0]!.wcu * perSecond);
    return {
      'scale.hottest_partition_wcu': { value: wcu, unit: 'WCU/s', floor: LIMIT, ratio: Math.round((wcu / LIMIT) * 1000) / 1000 },
      'scale.total_wcu_per_mention': { value: Math.round(([...out.load.values()].reduce((a, k) => a + k.wcu, 0) / COUNT) * 100) / 100, unit: 'WCU' },
    };
  } finally {
    await stack.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchScale(), null, 2));
  process.exit(0);
}
