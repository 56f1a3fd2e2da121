import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { localCredentials } from '../shared/store/client.ts';
import type { StreamBatchInfo } from './stream-failures.ts';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

/**
 * Lambda's DynamoDB event source, on one machine: reads every shard of the table's stream and
 * calls the handler with the event shape Lambda uses. On a partial batch failure it re-reads from
 * the first failed record (as ReportBatchItemFailures does) up to `maxRetries` times, then moves on.
 */
export function pollStream(opts: {
  endpoint: string;
  streamArn: string;
  handler: StreamHandler;
  batchSize?: number;
  intervalMs?: number;
  maxRetries?: number;
  onError?: (e: unknown) => void;
  /** A batch given up on, as Lambda reports it to the mapping's on-failure destination. */
  onGiveUp?: (batch: StreamBatchInfo, attempts: number) => Promise<void>;
}): { stop(): Promise<void> } {
  const client = new DynamoDBStreamsClient({ endpoint: opts.endpoint, region: 'eu-west-1', credentials: localCredentials() });
  const iterators = new Map<string, string | undefined>();
  // Where each shard got to, so a restarted DynamoDB Local (stale iterators) resumes, not replays.
  const positions = new Map<string, string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        await discoverShards(client, opts.streamArn, iterators, positions);
        let busy = false;
        for (const [shard, iterator] of iterators) {
          if (!iterator || !running) continue;
          const out = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: opts.batchSize ?? 100 }));
          iterators.set(shard, out.NextShardIterator);
          if (out.Records?.length) {
            busy = true;
            const gaveUp = await deliver(out.Records, opts.handler, opts.maxRetries ?? 3, opts.onError);
            if (gaveUp.length) await opts.onGiveUp?.(batchInfo(opts.streamArn, shard, gaveUp), (opts.maxRetries ?? 3) + 1);
            positions.set(shard, out.Records.at(-1)!.dynamodb!.SequenceNumber!);
          }
        }
        if (!busy) await sleep(opts.intervalMs ?? 200);
      } catch (e) {
        opts.onError?.(e);
        iterators.clear();
        await sleep(1000);
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function discoverShards(
  client: DynamoDBStreamsClient,
  streamArn: string,
  iterators: Map<string, string | undefined>,
  positions: Map<string, string>,
) {
  const out = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  for (const shard of out.StreamDescription?.Shards ?? []) {
    if (iterators.has(shard.ShardId!)) continue;
    const after = positions.get(shard.ShardId!);
    const it = await client.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.ShardId!,
        ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    iterators.set(shard.ShardId!, it.ShardIterator);
  }
}

/** Hands the records to the handler, retrying from the first failure; returns what it gave up on. */
async function deliver(records: _Record[], handler: StreamHandler, maxRetries: number, onError?: (e: unknown) => void): Promise<DynamoDBRecord[]> {
  let batch = records.map(toLambdaRecord);
  for (let attempt = 0; batch.length && attempt <= maxRetries; attempt++) {
    try {
      const res = await handler({ Records: batch });
      const failed = res?.batchItemFailures?.[0]?.itemIdentifier;
      if (!failed) return [];
      const from = batch.findIndex((r) => r.dynamodb?.SequenceNumber === failed);
      batch = from < 0 ? [] : batch.slice(from);
    } catch (e) {
      onError?.(e);
    }
  }
  if (batch.length) onError?.(new Error(`stream: gave up on ${batch.length} record(s) after ${maxRetries} retries`));
  return batch;
}

function batchInfo(streamArn: string, shardId: string, records: DynamoDBRecord[]): StreamBatchInfo {
  const at = (r: DynamoDBRecord) => new Date((r.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000).toISOString();
  return {
    shardId,
    startSequenceNumber: records[0]!.dynamodb!.SequenceNumber!,
    endSequenceNumber: records.at(-1)!.dynamodb!.SequenceNumber!,
    approximateArrivalOfFirstRecord: at(records[0]!),
    approximateArrivalOfLastRecord: at(records.at(-1)!),
    batchSize: records.length,
    streamArn,
  };
}

function toLambdaRecord(r: _Record): DynamoDBRecord {
  return {
    eventID: r.eventID,
    eventName: r.eventName as DynamoDBRecord['eventName'],
    eventSource: 'aws:dynamodb',
    eventVersion: '1.1',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: r.dynamodb?.ApproximateCreationDateTime
        ? Math.floor(new Date(r.dynamodb.ApproximateCreationDateTime).getTime() / 1000)
        : undefined,
      Keys: r.dynamodb?.Keys as never,
      NewImage: r.dynamodb?.NewImage as never,
      OldImage: r.dynamodb?.OldImage as never,
      SequenceNumber: r.dynamodb?.SequenceNumber,
      SizeBytes: r.dynamodb?.SizeBytes,
      StreamViewType: r.dynamodb?.StreamViewType as never,
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
