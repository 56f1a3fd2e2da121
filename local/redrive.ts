import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createSqs } from '../shared/bus/clients.ts';
import { dlqName, QUEUES, type QueueSpec, STREAM_FAILURES } from '../shared/bus/topology.ts';
import type { Brands } from '../shared/config/load.ts';
import { loadBrands } from '../shared/config/load.ts';
import { loadTriagedMention } from '../shared/flows/deps.ts';
import { intentId, OUTCOME_UNKNOWN } from '../shared/flows/outbox.ts';
import { THANK_YOU } from '../shared/flows/thank-you.ts';
import { affectedMentions, matchIncident } from '../shared/incidents/outage.ts';
import { channelOfQueue, channelQueues } from '../shared/incidents/queues.ts';
import { listActiveIncidents } from '../shared/store/incidents.ts';
import { createDynamo, isConditionFailure } from '../shared/store/client.ts';
import type { Store } from '../shared/store/client.ts';
import { getIntent, reopenFailed } from '../shared/store/outbox.ts';
import { DEFAULT_TABLE, TABLE_ENV } from '../shared/store/table.ts';
import { redriveFailedReplies } from './redrive-replies.ts';
import { createStreams, redriveStreamFailures } from './stream-failures.ts';
import { snsMessage } from '../shared/bus/envelope.ts';

/**
 * DLQ redrive: moves each message of `<queue>-dlq` back to `<queue>`, after making what it failed
 * on retryable again. The flows record a reply that gave up as a `failed` outbox intent (final:
 * a redelivered message finds it and fails again), and a broadcast that gave up as a `failed`
 * delivery. So the redrive reopens exactly the intents and deliveries the replayed message will
 * look for, and nothing else. Replaying is idempotent: intents and deliveries already `sent` stay
 * sent (the handlers claim before they send), so a message redriven twice sends nothing twice.
 */
export interface RedriveDeps {
  sqs: SQSClient;
  store: Store;
  brands: Brands;
  now: () => Date;
}

export interface RedriveTarget {
  spec: Pick<QueueSpec, 'name' | 'fn'>;
  url: string;
  dlqUrl: string;
}

export interface RedriveReport {
  moved: number;
  reopenedIntents: number;
  reopenedDeliveries: number;
  /** Messages left in the DLQ: their reply may have been posted (outcome unknown); check, then `--unknown`. */
  leftUnknown: number;
}

export async function redrive(deps: RedriveDeps, target: RedriveTarget, opts: { limit?: number; includeUnknown?: boolean } = {}): Promise<RedriveReport> {
  const report: RedriveReport = { moved: 0, reopenedIntents: 0, reopenedDeliveries: 0, leftUnknown: 0 };
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const seen = new Set<string>();
  while (report.moved < limit) {
    const out = await deps.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: target.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 60, MessageAttributeNames: ['All'] }),
    );
    const fresh = (out.Messages ?? []).filter((m) => !seen.has(m.MessageId!));
    if (!fresh.length) break;
    for (const m of fresh) {
      seen.add(m.MessageId!);
      const reopened = await reopen(deps, target, m.Body ?? '', opts.includeUnknown ?? false);
      if (reopened.unknown) {
        report.leftUnknown++;
        continue;
      }
      report.reopenedIntents += reopened.intents;
      report.reopenedDeliveries += reopened.deliveries;
      // Send before delete: a crash in between replays the message twice, which the handlers absorb.
      await deps.sqs.send(new SendMessageCommand({ QueueUrl: target.url, MessageBody: m.Body ?? '', MessageAttributes: attributes(m) }));
      await deps.sqs.send(new DeleteMessageCommand({ QueueUrl: target.dlqUrl, ReceiptHandle: m.ReceiptHandle! }));
      report.moved++;
    }
  }
  return report;
}

/** What the consuming function will look up for this message, made claimable again where it gave up. */
async function reopen(deps: RedriveDeps, target: RedriveTarget, body: string, includeUnknown: boolean): Promise<{ intents: number; deliveries: number; unknown: boolean }> {
  const message = unwrap(body);
  const ids: string[] = [];
  let deliveries = 0;
  const mention = message?.type === 'mention.triaged' ? await loadTriagedMention(deps.store, body) : undefined;
  if (mention) {
    if (target.spec.fn === 'thank-you') ids.push(intentId(mention.id, THANK_YOU));
    const brand = deps.brands.byId(mention.brand);
    if (target.spec.fn === 'outage-reply' && brand) {
      // The handler matches against the incidents active when it runs; so does the redrive.
      const incident = matchIncident(brand, mention, await listActiveIncidents(deps.store, brand.id));
      if (incident) ids.push(intentId(`${incident.id}:${mention.platform}:${mention.author.id}`, 'outage-reply'));
    }
  } else if (message?.type === 'status.update') {
    const incidentId = String((message.incident as { id?: unknown } | undefined)?.id ?? '');
    const update = message.update as { id?: string; kind?: string } | undefined;
    if (target.spec.fn === 'outage-reply' && update?.kind === 'resolved') {
      for (const m of await affectedMentions(deps.store, incidentId)) ids.push(intentId(`${incidentId}:${m.platform}:${m.author.id}`, 'outage-resolved'));
    }
    if (target.spec.fn === 'broadcast' && update?.id) {
      const channel = channelOfQueue(deps.brands.all, target.url)?.channel ?? channelOfQueue(deps.brands.all, target.spec.name)?.channel;
      if (channel) deliveries = await reopenDeliveries(deps.store, incidentId, update.id, channel, deps.now());
    }
  }
  let intents = 0;
  if (!includeUnknown) {
    for (const id of ids) if ((await getIntent(deps.store, id))?.lastError?.startsWith(OUTCOME_UNKNOWN)) return { intents: 0, deliveries, unknown: true };
  }
  for (const id of ids) if (await reopenFailed(deps.store, id, deps.now())) intents++;
  return { intents, deliveries, unknown: false };
}

/** `failed` deliveries of one update to one channel (each subscriber for the subscribers channel) back to `retrying`. */
async function reopenDeliveries(store: Store, incidentId: string, updateId: string, channel: string, now: Date): Promise<number> {
  const out = await store.ddb.send(
    new QueryCommand({
      TableName: store.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: marshall({ ':pk': `INCIDENT#${incidentId}`, ':sk': `DELIVERY#${updateId}#${channel}#` }),
      ConsistentRead: true,
    }),
  );
  let reopened = 0;
  for (const item of out.Items ?? []) {
    const { pk, sk, state } = unmarshall(item) as { pk: string; sk: string; state: string };
    if (state !== 'failed') continue;
    try {
      await store.ddb.send(
        new UpdateItemCommand({
          TableName: store.table,
          Key: marshall({ pk, sk }),
          UpdateExpression: 'SET #state = :retrying, #at = :at',
          ConditionExpression: '#state = :failed',
          ExpressionAttributeNames: { '#state': 'state', '#at': 'at' },
          ExpressionAttributeValues: marshall({ ':retrying': 'retrying', ':failed': 'failed', ':at': now.toISOString() }),
        }),
      );
      reopened++;
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }
  return reopened;
}

function unwrap(body: string): Record<string, unknown> | undefined {
  try {
    return snsMessage(body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function attributes(m: Message): Record<string, MessageAttributeValue> | undefined {
  const attrs = Object.entries(m.MessageAttributes ?? {}).filter(([, v]) => v.StringValue !== undefined || v.BinaryValue !== undefined);
  return attrs.length ? Object.fromEntries(attrs.map(([k, v]) => [k, { DataType: v.DataType ?? 'String', StringValue: v.StringValue, BinaryValue: v.BinaryValue }])) : undefined;
}

/** The running `npm start` (its endpoints file, if its process lives), or undefined. */
function localStack(dataDir: string): { env: Record<string, string>; queues: Record<string, { url: string; dlqUrl: string }>; streamFailuresUrl?: string } | undefined {
  const file = join(dataDir, 'endpoints.json');
  if (!existsSync(file)) return undefined;
  const { streamFailuresUrl, ...saved } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
    pid: number;
    queues: Record<string, { url: string; dlqUrl: string }>;
    streamFailuresUrl?: string;
  };
  try {
    process.kill(saved.pid, 0);
  } catch {
    console.error(`redrive: ignoring ${file}: its wecare (pid ${saved.pid}) is not running`);
    return undefined;
  }
  return { env: Object.fromEntries(Object.entries(saved).filter(([, v]) => typeof v === 'string')) as Record<string, string>, queues: saved.queues, streamFailuresUrl };
}

/** Not a queue: failed outbox intents whose retries ran in the sweep (local/redrive-replies.ts). */
const FAILED_REPLIES = 'failed-replies';

/**
 * `npm run redrive -- <queue>`. Target, in order: SQS_ENDPOINT/DYNAMODB_ENDPOINT from the env; a
 * running `npm start` (`$WECARE_DATA/endpoints.json`); else AWS (queue URLs by GetQueueUrl, table
 * TABLE_NAME, credentials and region from the usual AWS env). `--aws` skips the local lookup.
 */
async function main(argv: string[]) {
  const aws = argv.includes('--aws');
  const name = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--days');
  const brands = loadBrands(process.env.WECARE_CONFIG, { env: process.env });
  const specs = [...QUEUES, ...channelQueues(brands)];
  const spec = specs.find((s) => s.name === name || (name && name.endsWith(s.name) && name.length > s.name.length));
  const streamFailures = name?.endsWith(STREAM_FAILURES);
  const failedReplies = name === FAILED_REPLIES;
  if (!name || (!spec && !streamFailures && !failedReplies)) {
    throw new Error(`usage: npm run redrive -- <queue> [--aws]\nqueues: ${[...specs.map((s) => s.name), STREAM_FAILURES, `${FAILED_REPLIES} [--days N]`].join(', ')}\n--unknown: also replay replies whose outcome is unknown`);
  }
  const local = aws || process.env.SQS_ENDPOINT ? undefined : localStack(process.env.WECARE_DATA ?? '.wecare');
  if (local) Object.assign(process.env, { ...local.env, ...process.env });
  const sqs = createSqs(aws ? '' : process.env.SQS_ENDPOINT);
  const store = { ddb: createDynamo(aws ? '' : process.env.DYNAMODB_ENDPOINT), table: process.env[TABLE_ENV] ?? DEFAULT_TABLE };
  const urlOf = async (q: string) => local?.queues[q]?.url ?? (await sqs.send(new GetQueueUrlCommand({ QueueName: q }))).QueueUrl!;
  if (failedReplies) {
    const days = argv.includes('--days') ? Number(argv[argv.indexOf('--days') + 1]) : 7;
    if (!(days > 0)) throw new Error(`--days: "${argv[argv.indexOf('--days') + 1]}" is not a positive number`);
    const report = await redriveFailedReplies({ store, brands, now: () => new Date() }, { days, includeUnknown: argv.includes('--unknown') });
    console.log(
      `redrive: reopened ${report.reopened} failed reply(ies) of the last ${days} day(s) for the sweep; ` +
        `left ${report.unknownLeft} whose outcome is unknown (check the platform, then --unknown)`,
    );
    return;
  }
  if (streamFailures || !spec) {
    const url = local?.streamFailuresUrl ?? (await urlOf(name));
    const streams = createStreams(aws ? undefined : process.env.DYNAMODB_ENDPOINT);
    const report = await redriveStreamFailures({ sqs, streams, store, now: () => new Date() }, url);
    console.log(
      `redrive: ${report.batches} failed stream batch(es) handed back, ${report.nudged} mention(s)/change(s) nudged, ` +
        `${report.trimmed} no longer in the stream (the rescue sweep has them), ${report.unreadable} unreadable message(s) left in ${url}`,
    );
    return;
  }
  const target = { spec, url: await urlOf(name), dlqUrl: local?.queues[spec.name]?.dlqUrl ?? (await urlOf(dlqName(name))) };
  console.log(`redrive: ${target.dlqUrl} → ${target.url} (${local ? 'local npm start' : process.env.SQS_ENDPOINT && !aws ? process.env.SQS_ENDPOINT : 'AWS'}, table ${store.table})`);
  const report = await redrive({ sqs, store, brands, now: () => new Date() }, target, { includeUnknown: argv.includes('--unknown') });
  console.log(
    `redrive: moved ${report.moved} message(s), reopened ${report.reopenedIntents} failed reply intent(s) and ${report.reopenedDeliveries} failed delivery(ies); ` +
      `left ${report.leftUnknown} whose reply may have been posted (check the platform, then --unknown)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e: Error) => {
    console.error(`redrive: ${e.message}`);
    process.exit(1);
  });
}
