import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createSqs } from '../../shared/bus/clients.ts';
import { loadBrands } from '../../shared/config/load.ts';
import { createDynamo } from '../../shared/store/client.ts';
import { functionEnv } from '../../shared/env.ts';
import type { LocalDynamo } from '../../local/dynamodb.ts';
import { freePort } from '../../local/ports.ts';
import { redriveFailedReplies } from '../../local/redrive-replies.ts';
import { redrive } from '../../local/redrive.ts';
import { type Runtime, startRuntime } from '../../local/runtime.ts';
import { percentile } from '../stats.ts';
import { Driver, type Signer } from './driver.ts';
import { killDynamo, openIncident, postIncidentUpdate, type IncidentApi } from './faults.ts';
import { inProgress, type PostedUpdate, reconcile, type Reconciliation, scanTable } from './reconcile.ts';
import { changeFor, expected, malformed, mention } from './traffic.ts';

export interface SoakOptions {
  seconds: number;
  /** New mentions per second between bursts. */
  rate: number;
  burst: number;
  bursts: number;
  sinkOutageSeconds: number;
  /** Upper bound on waiting for the pipeline to go quiet after the last send. */
  settleSeconds: number;
  log?: (line: string) => void;
}

export interface SoakReport extends Reconciliation {
  seconds: number;
  sent: number;
  mentionsGenerated: number;
  p50Ms: number;
  p99Ms: number;
  dynamoDownMs: number;
  settleMs: number;
  settled: boolean;
  queuesNotEmpty: number;
  dlqMessages: number;
  /** What the operator's step after the settle put back: failed replies (the sweep's) and DLQ messages. */
  redriven: { replies: number; dlqMessages: number };
  /** Scheduled steps that failed (an incident POST refused, DynamoDB Local not back): the run is void. */
  errors: string[];
}

export const DEFAULTS: SoakOptions = { seconds: 60, rate: 40, burst: 500, bursts: 3, sinkOutageSeconds: 10, settleSeconds: 150 };

/**
 * The soak: the local stack in this process (so it can kill DynamoDB Local and fail the sink),
 * a platform-like mix over loopback for `seconds`, faults on a fixed schedule, then a bounded
 * wait for the pipeline to settle and a reconciliation of table and sink against what was sent.
 */
export async function runSoak(options: Partial<SoakOptions> = {}): Promise<SoakReport> {
  const o = { ...DEFAULTS, ...options };
  const log = o.log ?? (() => {});
  // The handlers' error lines (storage down, sink 503) are expected here; POWERTOOLS_LOG_LEVEL=ERROR shows them.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'CRITICAL';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const dataDir = mkdtempSync(join(tmpdir(), 'wecare-soak-'));
  const runtime = await startRuntime({ port: await freePort(), dataDir, log: (l) => log(`  runtime: ${l}`) });
  let restarted: LocalDynamo | undefined;
  try {
    const driver = new Driver({ url: runtime.url, secrets: runtime.secrets as unknown as Signer });
    const api: IncidentApi = { url: runtime.url, token: runtime.secrets.ADMIN_TOKEN! };
    const run = Date.now().toString(36).slice(-5);
    const random = mulberry32(Number.parseInt(run, 36));
    const updates: PostedUpdate[] = [];
    const later: Array<Promise<void>> = [];
    const errors: string[] = [];
    const after = (ms: number, fn: () => unknown) =>
      later.push(
        new Promise((r) => setTimeout(r, ms))
          .then(fn)
          .then(
            () => {},
            (e: Error) => void errors.push(e.message),
          ),
      );
    let n = 0;
    let dynamoDownMs = 0;

    const one = () => {
      const i = n++;
      if (random() < 0.01) {
        const bad = malformed(i);
        driver.deliver(bad, i % 2 ? 'malformed' : 'unsigned', { mentions: [], changes: [] });
        return;
      }
      const p = mention(i, run);
      const exp = expected(p);
      const change = changeFor(p, i);
      // Changes exist for about half the mix; 10 % of those (5 % overall) arrive before their mention.
      if (change && random() < 0.1) {
        driver.deliver(change, 'change', expected(change));
        after(300 + random() * 1500, () => driver.deliver(p, 'mention', exp));
      } else {
        driver.deliver(p, 'mention', exp);
        if (change && random() < 0.08) after(1000 + random() * 2000, () => driver.deliver(change, 'change', expected(change)));
      }
      if (random() < 0.1) after(200 + random() * 5000, () => driver.deliver(p, 'duplicate', exp));
    };

    const t0 = Date.now();
    const at = (share: number, what: string, fn: () => Promise<unknown> | unknown) =>
      after(o.seconds * 1000 * share, async () => {
        log(`  t+${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);
        await fn();
      });
    for (let b = 0; b < o.bursts; b++) at((b + 1) / (o.bursts + 1) - 0.05, `burst of ${o.burst}`, () => Array.from({ length: o.burst }, one));
    const opened = new Promise<PostedUpdate>((done, fail) => at(0.3, 'open incident', () => openIncident(api, run).then((u) => (updates.push(u), done(u)), fail)));
    at(0.35, 'kill DynamoDB Local (SIGKILL) and restart it', async () => {
      const k = await killDynamo(runtime, dataDir);
      restarted = k.dynamo;
      dynamoDownMs = k.downMs;
    });
    at(0.55, `sink fails (503) for ${o.sinkOutageSeconds} s`, () => runtime.sink.script({ prefix: '/', status: 503, until: Date.now() + o.sinkOutageSeconds * 1000 }));
    at(0.62, 'incident update', async () => updates.push(await postIncidentUpdate(api, (await opened).incidentId, run, 'identified')));
    at(0.85, 'incident resolved', async () => updates.push(await postIncidentUpdate(api, (await opened).incidentId, run, 'resolved')));

    let carry = 0;
    while (Date.now() - t0 < o.seconds * 1000) {
      carry += o.rate / 10;
      for (; carry >= 1; carry--) one();
      await new Promise((r) => setTimeout(r, 100));
    }
    log(`  sending done (${n} mentions generated); waiting for redeliveries`);
    await Promise.all(later);
    await driver.drain();

    const settleStart = Date.now();
    let settled = await settle(runtime, o.settleSeconds * 1000, log);
    const settleMs = Date.now() - settleStart;
    // What an operator does once the platform is back: redrive what gave up during its outage.
    const redriven = await redriveAll(runtime);
    if (redriven.replies + redriven.dlqMessages > 0) {
      log(`  redrive: ${redriven.replies} failed reply(ies), ${redriven.dlqMessages} DLQ message(s); settling again`);
      settled = (await settle(runtime, o.settleSeconds * 1000, log)) && settled;
    }
    const items = await scanTable({ ddb: createDynamo(runtime.resources.env.DYNAMODB_ENDPOINT), table: runtime.resources.table });
    const verdict = reconcile(driver.deliveries, items, runtime.sink.requests(), updates);
    const latencies = [...driver.latencies].sort((a, b) => a - b);
    const queues = await queueDepths(runtime);
    return {
      ...verdict,
      seconds: o.seconds,
      sent: driver.sent,
      mentionsGenerated: n,
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      dynamoDownMs,
      settleMs,
      settled,
      queuesNotEmpty: queues.busy,
      dlqMessages: queues.dlq,
      redriven,
      errors,
    };
  } finally {
    await runtime.stop();
    await restarted?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const POLL_MS = 2000;

/**
 * How long nothing may move before the soak calls it stalled: the stream consumers' longest retry
 * pause (8 s, local/runtime.ts), or a rescue (the consumers quiet, then up to two sweeps), plus slack.
 */
function stallMs(): number {
  const sweepMs = Number(process.env.WECARE_SWEEP_SECONDS ?? 60) * 1000;
  return Math.max(8000, functionEnv('follow-up-sweep').rescue.quietMs + 2 * sweepMs) + 4000;
}

/** Waits until nothing is in flight (intents, triage, deliveries, queues) twice in a row, or the bound. */
async function settle(runtime: Runtime, boundMs: number, log: (l: string) => void): Promise<boolean> {
  const stallPolls = Math.ceil(stallMs() / POLL_MS);
  const store = { ddb: createDynamo(runtime.resources.env.DYNAMODB_ENDPOINT), table: runtime.resources.table };
  const deadline = Date.now() + boundMs;
  let quiet = 0;
  let last = '';
  while (Date.now() < deadline) {
    const busy = { ...inProgress(await scanTable(store).catch(() => [])), queued: (await queueDepths(runtime)).busy };
    const line = JSON.stringify(busy);
    if (line !== last) log(`  settling: ${line}`);
    // Untriaged mentions or queued messages that stop moving are stalled (a failed reply bouncing
    // towards its DLQ at the queue's visibility timeout, a mention nothing rescues): reported, not
    // waited for. Stalled means unchanged for longer than a rescue takes once the stream is quiet.
    const done = busy.intents + busy.deliveries + busy.untriaged + busy.queued === 0;
    const unchanged = busy.intents + busy.deliveries === 0 && line === last;
    last = line;
    quiet = done ? Math.max(quiet, stallPolls - 2) + 1 : unchanged ? quiet + 1 : 0;
    if (quiet >= stallPolls) return true;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return false;
}

/** `npm run redrive -- failed-replies`, then `npm run redrive -- <queue>` for every DLQ holding something. */
async function redriveAll(runtime: Runtime): Promise<{ replies: number; dlqMessages: number }> {
  const store = { ddb: createDynamo(runtime.resources.env.DYNAMODB_ENDPOINT), table: runtime.resources.table };
  const deps = { sqs: createSqs(runtime.resources.env.SQS_ENDPOINT), store, brands: loadBrands(process.env.WECARE_CONFIG, { env: process.env }), now: () => new Date() };
  const replies = (await redriveFailedReplies(deps)).reopened;
  let dlqMessages = 0;
  for (const q of runtime.resources.queues) dlqMessages += (await redrive(deps, { spec: q, url: q.url, dlqUrl: q.dlqUrl })).moved;
  return { replies, dlqMessages };
}

async function queueDepths(runtime: Runtime): Promise<{ busy: number; dlq: number }> {
  const sqs = createSqs(runtime.resources.env.SQS_ENDPOINT);
  const depth = async (url: string) => {
    const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  };
  let busy = 0;
  let dlq = 0;
  for (const q of runtime.resources.queues) {
    busy += await depth(q.url);
    dlq += await depth(q.dlqUrl);
  }
  return { busy, dlq };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (x: number) => Math.round(x * 10) / 10;
