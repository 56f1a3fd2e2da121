import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '../local/ports.ts';
import { startRuntime } from '../local/runtime.ts';
import { type Figures, percentile, round } from './stats.ts';

const COUNT = Number(process.env.BENCH_E2E_COUNT ?? 40);
const PRAISE = [
  'Wauw, de nieuwe app van @DemoBrand is echt top, super geholpen! 👏',
  'Thank you @DemoBrand, amazing service, love it! 😍',
  'Geweldige klantenservice van @DemoBrand, heel fijn geholpen, dankjewel!',
];

/**
 * e2e.thank_you_p50_ms / p99_ms: from a signed X webhook (POST /webhooks/x) to the thank-you
 * request at the recording sink, through the whole local pipeline (ingest, DynamoDB stream,
 * triage, SNS filter policy, SQS, thank-you flow, outbox). Local pollers, so this includes their
 * poll intervals: a floor for latency in AWS is Lambda's event-source delay, not this figure.
 */
export async function benchE2e(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'wecare-e2e-'));
  // The demo brand caps thank-yous at 30 an hour; the bench sends more, to distinct fans.
  const config = JSON.parse(readFileSync(resolve(import.meta.dirname, '../wecare.config.json'), 'utf8')) as { brands: Array<{ thankYou: Record<string, unknown> }> };
  config.brands[0]!.thankYou.maxPerHour = 10_000;
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  process.env.WECARE_CONFIG = join(dir, 'config.json');
  const runtime = await startRuntime({ port: await freePort(), dataDir: join(dir, 'data') });
  try {
    const secret = runtime.secrets.X_CONSUMER_SECRET!;
    const latencies: number[] = [];
    for (let i = 0; i < COUNT; i++) {
      const id = `17675054321112${String(i).padStart(5, '0')}`;
      const body = JSON.stringify(tweet(id, i));
      const t0 = performance.now();
      const res = await fetch(`${runtime.url}/webhooks/x`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': `sha256=${createHmac('sha256', secret).update(body).digest('base64')}` },
      });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      await until(async () => (await sinkRequests(runtime.url)).some((r) => r.path === '/x/2/tweets' && r.body.includes(id)), 20_000);
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    return {
      'e2e.thank_you_p50_ms': { value: round(percentile(latencies, 50), 1), unit: 'ms' },
      'e2e.thank_you_p99_ms': { value: round(percentile(latencies, 99), 1), unit: 'ms' },
    };
  } finally {
    await runtime.stop();
  }
}

function tweet(id: string, i: number) {
  return {
    for_user_id: '1500000000000000001',
    tweet_create_events: [
      {
        created_at: new Date().toUTCString().replace('GMT', '+0000'),
        id_str: id,
        text: PRAISE[i % PRAISE.length],
        user: { id_str: `9876${i}`, name: `Fan ${i}`, screen_name: `fan_${i}`, followers_count: 10 },
        entities: { hashtags: [], urls: [], user_mentions: [{ screen_name: 'DemoBrand', id_str: '1500000000000000001', indices: [0, 10] }] },
        timestamp_ms: String(Date.now()),
      },
    ],
  };
}

async function sinkRequests(url: string): Promise<Array<{ path: string; body: string }>> {
  return ((await (await fetch(`${url}/dev/sink`)).json()) as { items: Array<{ path: string; body: string }> }).items;
}

async function until(probe: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('no thank-you reached the sink in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchE2e(), null, 2));
  process.exit(0);
}
