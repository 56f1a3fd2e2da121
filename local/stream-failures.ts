import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { localCredentials } from '../shared/store/client.ts';
import type { Store } from '../shared/store/client.ts';
import { rescueMention } from '../shared/store/mentions.ts';
import { retryParkedChange } from '../shared/store/parked-changes.ts';

/** The part of Lambda's on-failure record for a DynamoDB stream batch that names the batch. */
export interface StreamBatchInfo {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  approximateArrivalOfFirstRecord?: string;
  approximateArrivalOfLastRecord?: string;
  batchSize: number;
  streamArn: string;
}

/**
 * The message Lambda sends to a stream mapping's on-failure destination when it gives up on a
 * batch (RetryAttemptsExhausted): the local stream poller sends the same, so the redrive below
 * works on both.
 */
export function streamFailureMessage(fn: string, batch: StreamBatchInfo, attempts: number, now: Date): string {
  return JSON.stringify({
    version: '1.0',
    timestamp: now.toISOString(),
    requestContext: { requestId: crypto.randomUUID(), functionArn: `arn:aws:lambda:local:000000000000:function:${fn}`, condition: 'RetryAttemptsExhausted', approximateInvokeCount: attempts },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    DDBStreamBatchInfo: batch,
  });
}

export interface StreamRedriveReport {
  batches: number;
  nudged: number;
  /** Batches whose records the stream no longer holds (24 h): the rescue sweep still has their mentions. */
  trimmed: number;
  /** Messages that are no on-failure record; left in the queue for a person to look at. */
  unreadable: number;
}

/**
 * `npm run redrive -- stream-failures`. An on-failure record names a batch (shard and sequence
 * range), not its items, so the redrive reads that range from the stream and hands each mention
 * and parked change in it back to the consumers the way the rescue sweep does: a conditional
 * touch that makes a fresh stream record. What was handled since is left alone (the touch needs
 * the mention still `new`), so replaying a message twice changes nothing.
 */
export async function redriveStreamFailures(
  deps: { sqs: SQSClient; streams: DynamoDBStreamsClient; store: Store; now: () => Date },
  queueUrl: string,
): Promise<StreamRedriveReport> {
  const report: StreamRedriveReport = { batches: 0, nudged: 0, trimmed: 0, unreadable: 0 };
  const seen = new Set<string>();
  for (;;) {
    const out = await deps.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 60 }));
    const fresh = (out.Messages ?? []).filter((m) => !seen.has(m.MessageId!));
    if (!fresh.length) break;
    for (const m of fresh) {
      seen.add(m.MessageId!);
      const batch = batchOf(m.Body);
      if (!batch) {
        report.unreadable++;
        continue;
      }
      const records = await readRange(deps.streams, batch);
      if (records === 'trimmed') report.trimmed++;
      else for (const r of records) if (await handBack(deps.store, r, deps.now())) report.nudged++;
      await deps.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
      report.batches++;
    }
  }
  return report;
}

function batchOf(body: string | undefined): StreamBatchInfo | undefined {
  try {
    const info = (JSON.parse(body ?? '') as { DDBStreamBatchInfo?: StreamBatchInfo }).DDBStreamBatchInfo;
    return info?.shardId && info.startSequenceNumber && info.endSequenceNumber && info.streamArn ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The batch's records, first to last sequence number. */
async function readRange(streams: DynamoDBStreamsClient, b: StreamBatchInfo): Promise<_Record[] | 'trimmed'> {
  const end = BigInt(b.endSequenceNumber);
  const records: _Record[] = [];
  try {
    let iterator = (
      await streams.send(new GetShardIteratorCommand({ StreamArn: b.streamArn, ShardId: b.shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: b.startSequenceNumber }))
    ).ShardIterator;
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      // An open shard answers an empty page at its end: nothing further to read for this batch.
      if (!page.Records?.length) break;
      for (const r of page.Records) {
        if (BigInt(r.dynamodb!.SequenceNumber!) > end) return records;
        records.push(r);
      }
      iterator = page.NextShardIterator;
    }
    return records;
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'TrimmedDataAccessException' || name === 'ResourceNotFoundException') return 'trimmed';
    throw e;
  }
}

/** A mention still waiting is nudged, a parked change retried; anything else was not ours to replay. */
async function handBack(store: Store, r: _Record, now: Date): Promise<boolean> {
  const pk = r.dynamodb?.Keys?.pk?.S ?? '';
  const sk = r.dynamodb?.Keys?.sk?.S ?? '';
  if (!pk.startsWith('MENTION#')) return false;
  if (sk === 'MENTION') return (await rescueMention(store, pk.slice('MENTION#'.length), now)) === 'nudged';
  if (sk.startsWith('CHANGE#') && r.eventName !== 'REMOVE') return (await retryParkedChange(store, pk, sk.slice('CHANGE#'.length), now)) === 'applied';
  return false;
}

/** For the local stream poller: report a batch it gave up on as Lambda would. */
export function sendStreamFailure(sqs: SQSClient, queueUrl: string, fn: string) {
  return async (batch: StreamBatchInfo, attempts: number) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: streamFailureMessage(fn, batch, attempts, new Date()) }));
  };
}

/** The stream's reader: DynamoDB Local when an endpoint is given, else AWS from the usual env. */
export function createStreams(endpoint?: string): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient(endpoint ? { endpoint, region: process.env.AWS_REGION ?? 'eu-west-1', credentials: localCredentials() } : {});
}
