import { ChangeMessageVisibilityCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { createSqs } from '../../shared/bus/clients.ts';
import { type BroadcastDeps, deliverToChannel } from '../../shared/broadcast/deliver.ts';
import type { Brands } from '../../shared/config/load.ts';
import { loadBrands } from '../../shared/config/load.ts';
import type { StatusUpdateEvent } from '../../shared/incidents/event.ts';
import { channelOfQueue } from '../../shared/incidents/queues.ts';
import { createDynamo } from '../../shared/store/client.ts';
import { DEFAULT_TABLE } from '../../shared/store/table.ts';
import { loadSecrets } from '../../shared/secrets.ts';
import { partialBatch } from '../adapters/batch.ts';

// Secrets Manager values into the env before anything below reads it (a no-op locally).
await loadSecrets();

/** The SNS envelope SQS receives (no raw delivery), and the part of the event we rely on. */
const Envelope = z.object({ Message: z.string() });
const Event = z.object({
  type: z.literal('status.update'),
  incident: z.object({ id: z.string(), brand: z.string() }),
  update: z.object({ id: z.string(), incidentId: z.string(), brand: z.string(), impact: z.string(), components: z.record(z.string(), z.string()) }),
});

export interface BroadcastHandlerDeps extends BroadcastDeps {
  brands: Brands;
  /** Receives before the DLQ, as the queue's redrive policy says (channelQueues: 5). */
  maxReceiveCount?: number;
  visibilityTimeoutSeconds?: number;
  /** Holds the message back for a platform's retry-after (SQS ChangeMessageVisibility). */
  delay?: (record: SQSRecord, seconds: number) => Promise<void>;
}

/**
 * The broadcast function: one SQS queue per brand channel feeds it (shared/incidents/queues.ts);
 * the queue a record came from says which channel to deliver to. A record fails (and comes back
 * after its visibility, at most maxReceiveCount times, then the DLQ) while any delivery is not sent.
 */
export function createBroadcastHandler(deps: BroadcastHandlerDeps) {
  const record = async (r: SQSRecord) => {
    const target = channelOfQueue(deps.brands.all, r.eventSourceARN);
    if (!target) throw new Error(`no brand channel feeds from ${r.eventSourceARN}`);
    const event = parse(r.body);
    if (event.update.brand !== target.brand.id) return; // another brand's update on a misconfigured subscription
    const tally = await deliverToChannel(deps, target.brand, target.channel, event, {
      receiveCount: Number(r.attributes.ApproximateReceiveCount ?? '1'),
      maxReceiveCount: deps.maxReceiveCount ?? 5,
      leaseMs: (deps.visibilityTimeoutSeconds ?? 30) * 1000,
    });
    if (tally.retrying + tally.failed === 0) return;
    if (tally.retryAfterSeconds !== undefined && deps.delay) await deps.delay(r, Math.min(tally.retryAfterSeconds, 43_200));
    throw new Error(`${target.channel}: ${tally.retrying} retrying, ${tally.failed} failed`);
  };
  return (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    partialBatch('sqs', event, record, { context });
}

function parse(body: string): StatusUpdateEvent {
  const envelope = Envelope.safeParse(JSON.parse(body));
  const message = JSON.parse(envelope.success ? envelope.data.Message : body);
  const event = Event.safeParse(message);
  if (!event.success) throw new Error(`not a status update: ${event.error.issues[0]?.message}`);
  return message as StatusUpdateEvent;
}

/** ChangeMessageVisibility needs the queue URL; Lambda gives the ARN, the local poller the URL. */
export function sqsDelay(sqs: SQSClient) {
  const urls = new Map<string, Promise<string>>();
  const urlOf = (source: string) => {
    if (source.startsWith('http')) return Promise.resolve(source);
    const [, , , , account, name] = source.split(':');
    if (!urls.has(source)) {
      urls.set(source, sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account })).then((o) => o.QueueUrl!));
    }
    return urls.get(source)!;
  };
  return async (r: SQSRecord, seconds: number) => {
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: await urlOf(r.eventSourceARN), ReceiptHandle: r.receiptHandle, VisibilityTimeout: seconds }));
  };
}

// Cold start: config, clients and env once, as every Lambda of wecare.
const sqs = createSqs();
export const handler = createBroadcastHandler({
  store: { ddb: createDynamo(), table: process.env.TABLE_NAME ?? DEFAULT_TABLE },
  fetch: globalThis.fetch,
  brands: loadBrands(),
  now: () => new Date(),
  env: {
    xApiUrl: process.env.X_API_URL ?? 'https://api.x.com',
    metaGraphUrl: process.env.META_GRAPH_URL ?? 'https://graph.facebook.com',
    xAccessToken: process.env.X_ACCESS_TOKEN,
    metaPageToken: process.env.META_PAGE_TOKEN,
    publicUrl: process.env.PUBLIC_URL ?? 'http://localhost:3000',
  },
  delay: sqsDelay(sqs),
});
