import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createHmac } from 'node:crypto';
import { freePort } from '../local/ports.ts';
import { loadBrands } from '../shared/config/load.ts';
import { webhookPlatforms } from '../shared/platforms/webhooks.ts';
import { createDynamo } from '../shared/store/client.ts';
import { mentionItem, toMention } from '../shared/store/mentions.ts';
import { tableDefinition } from '../shared/store/table.ts';
import { drive, type Figures, median, percentile, round } from './stats.ts';

const COUNT = Number(process.env.BENCH_INGEST_COUNT ?? 2000);
const CONCURRENCY = 32;
const ROUNDS = 3;
const root = resolve(import.meta.dirname, '..');

const comment = (n: number, run: string) =>
  JSON.stringify({
    object: 'page',
    entry: [{ id: '1234567890321', time: 1700000000, changes: [{ field: 'feed', value: { item: 'comment', verb: 'add', comment_id: `bench_${run}_${n}`, post_id: '1234567890321_42', parent_id: '1234567890321_42', from: { id: `fan-${n % 500}`, name: 'Sanne de Vries' }, created_time: 1700000000 + n, message: 'Sinds vanochtend werkt de app niet meer, ik kan niet inloggen. Wanneer is dit opgelost? 😡' } }] }],
  });

/**
 * Webhook ingest over loopback against the running local stack (`npm start` in a child process),
 * next to its floor: bare PutItem calls of the same item at the same concurrency on the same
 * DynamoDB Local. Rounds alternate so drift on a shared machine hits both alike.
 */
export async function benchIngest(): Promise<Figures> {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'wecare-bench-'));
  const stack = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], { cwd: root, env: { ...process.env, PORT: String(port), WECARE_DATA: data }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const banner = await ready(stack);
    const endpoint = /DynamoDB Local\s+(\S+)/.exec(banner)![1]!;
    const secret = JSON.parse(readFileSync(join(data, 'secrets.json'), 'utf8')).META_APP_SECRET as string;
    const ddb = createDynamo(endpoint);
    // The floor writes the very item ingest writes (GSI keys included) into a table defined like wecare's.
    await ddb.send(new CreateTableCommand(tableDefinition('floor')));
    const brands = loadBrands(join(root, 'wecare.config.json'));
    const sample = itemFor(comment(0, 'floor'), brands);

    const ingestP50: number[] = [];
    const ingestP99: number[] = [];
    const floorP50: number[] = [];
    let last = { latencies: [] as number[], wallMs: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      const floor = await drive(COUNT, CONCURRENCY, async (i) => {
        const item = mentionItem({ ...sample, id: `floor_${r}_${i}` });
        await ddb.send(new PutItemCommand({ TableName: 'floor', Item: marshall(item, { removeUndefinedValues: true }), ConditionExpression: 'attribute_not_exists(pk)' }));
      });
      floorP50.push(percentile(floor.latencies, 50));
      const bodies = Array.from({ length: COUNT }, (_, i) => comment(i, `r${r}`));
      last = await drive(COUNT, CONCURRENCY, async (i) => {
        const body = bodies[i]!;
        const res = await fetch(`http://127.0.0.1:${port}/webhooks/meta`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` },
        });
        if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
      });
      ingestP50.push(percentile(last.latencies, 50));
      ingestP99.push(percentile(last.latencies, 99));
    }
    const p50 = median(ingestP50);
    const floor = median(floorP50);
    return {
      'ingest.p50_ratio': { value: round(p50 / floor), unit: 'ratio', floor: round(floor), ratio: round(p50 / floor) },
      'ingest.p50_ms': { value: round(p50), unit: 'ms' },
      'ingest.p99_ms': { value: round(median(ingestP99)), unit: 'ms' },
      'ingest.mentions_per_second': { value: Math.round((COUNT / last.wallMs) * 1000), unit: 'mentions/s' },
      'ingest.handler_us': handlerCost(brands),
    };
  } finally {
    stack.kill('SIGINT');
    await new Promise((r) => stack.once('exit', r));
  }
}

function itemFor(body: string, brands: ReturnType<typeof loadBrands>) {
  const req = { rawBody: body, header: () => undefined, query: () => undefined };
  const event = webhookPlatforms.meta.parse(req, new Date())[0]!;
  if (event.type !== 'mention') throw new Error('bench payload is not a mention');
  return toMention(event.draft, brands.byAccount('facebook', event.draft.accountId)?.id, new Date().toISOString());
}

/** CPU cost of verify + parse + normalize of one signed webhook, no I/O. */
function handlerCost(brands: ReturnType<typeof loadBrands>) {
  const secrets = { xConsumerSecret: 'x', metaAppSecret: 'bench', metaVerifyToken: 'v', webhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', googlePushToken: 'g', trustpilotWebhookToken: 't' };
  const bodies = Array.from({ length: 200 }, (_, i) => comment(i, 'cpu'));
  const sigs = bodies.map((b) => `sha256=${createHmac('sha256', 'bench').update(b).digest('hex')}`);
  const once = (i: number) => {
    const body = bodies[i % bodies.length]!;
    const req = { rawBody: body, header: (n: string) => (n.toLowerCase() === 'x-hub-signature-256' ? sigs[i % sigs.length] : undefined), query: () => undefined };
    const now = new Date();
    webhookPlatforms.meta.verify(req, secrets, now);
    for (const e of webhookPlatforms.meta.parse(req, now)) {
      if (e.type === 'mention') toMention(e.draft, brands.byAccount(e.draft.platform, e.draft.accountId)?.id, now.toISOString());
    }
  };
  for (let i = 0; i < 5000; i++) once(i); // warm up the JIT
  const n = 20000;
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) once(i);
  const used = process.cpuUsage(cpu);
  return { value: round((used.user + used.system) / n, 2), unit: 'µs' };
}

function ready(proc: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c;
      if (out.includes('Ctrl-C to stop')) done(out);
    });
    proc.stderr!.on('data', (c: Buffer) => (out += c));
    proc.once('exit', (code) => fail(new Error(`npm start exited (${code}):\n${out}`)));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchIngest(), null, 2));
}
