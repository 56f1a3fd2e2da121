import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { isConditionFailure, storageDown } from './client.ts';
import type { Store } from './client.ts';

/**
 * How far a stream consumer has got: the newest `receivedAt` it has finished, and when it last
 * handled a batch at all (`polledAt`). The rescue sweep only nudges a mention the consumers have
 * passed, or, once they have been quiet for a while, one that is simply old: a backlog (the stream
 * behind by minutes, batches still coming) is never mistaken for a lost record.
 */
const key = (consumer: string) => marshall({ pk: `WATERMARK#${consumer}`, sk: 'WATERMARK' });

export interface Watermark {
  receivedAt?: string;
  polledAt?: string;
}

/** Once per batch: `receivedAt` only moves forward, `polledAt` always. */
export async function advanceWatermark(store: Store, consumer: string, receivedAt: string | undefined, now: Date): Promise<void> {
  const polledAt = now.toISOString();
  try {
    if (receivedAt) {
      try {
        await store.ddb.send(
          new UpdateItemCommand({
            TableName: store.table,
            Key: key(consumer),
            UpdateExpression: 'SET receivedAt = :at, polledAt = :polled',
            ConditionExpression: 'attribute_not_exists(receivedAt) OR receivedAt < :at',
            ExpressionAttributeValues: marshall({ ':at': receivedAt, ':polled': polledAt }),
          }),
        );
        return;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    }
    await store.ddb.send(
      new UpdateItemCommand({ TableName: store.table, Key: key(consumer), UpdateExpression: 'SET polledAt = :polled', ExpressionAttributeValues: marshall({ ':polled': polledAt }) }),
    );
  } catch (e) {
    throw storageDown(e);
  }
}

/**
 * The handlers' call, once per batch. Only mention records count as stream activity: the mark's
 * own write is a stream record too, and counting it would keep the consumers busy forever. A mark
 * that does not land only delays a rescue; the batch itself is done.
 */
export async function markProgress(store: Store, consumer: string, records: StreamRecords, failed: Failures, now: Date): Promise<boolean> {
  if (!records.some((r) => r.dynamodb?.NewImage?.type?.S === 'mention')) return false;
  try {
    await advanceWatermark(store, consumer, batchWatermark(records, failed), now);
    return true;
  } catch {
    return false;
  }
}

type StreamRecords = ReadonlyArray<{ dynamodb?: { NewImage?: Record<string, { S?: string }>; SequenceNumber?: string } }>;
type Failures = ReadonlyArray<{ itemIdentifier: string }>;

export async function readWatermark(store: Store, consumer: string): Promise<Watermark> {
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: key(consumer), ConsistentRead: true }));
    const item = out.Item ? unmarshall(out.Item) : {};
    return { receivedAt: item.receivedAt as string | undefined, polledAt: item.polledAt as string | undefined };
  } catch (e) {
    throw storageDown(e);
  }
}

/**
 * Up to where the sweep may call a waiting record skipped: for each consumer, what it has passed
 * (less a margin: the stream orders records per item, not across items), or no bound at all once
 * it has had no batch for `quietMs` (the last mentions before a quiet spell have nothing newer to
 * move the watermark past them).
 */
export function passedByAll(marks: Watermark[], now: Date, quietMs: number, marginMs: number): number {
  let bound = Number.POSITIVE_INFINITY;
  for (const m of marks) {
    const quiet = !m.polledAt || Date.parse(m.polledAt) <= now.getTime() - quietMs;
    if (quiet) continue;
    bound = Math.min(bound, m.receivedAt ? Date.parse(m.receivedAt) - marginMs : Number.NEGATIVE_INFINITY);
  }
  return bound;
}

/** The newest receivedAt among the records of a batch that did not fail. */
export function batchWatermark(records: StreamRecords, failed: Failures): string | undefined {
  const failures = new Set(failed.map((f) => f.itemIdentifier));
  let max: string | undefined;
  for (const r of records) {
    if (failures.has(r.dynamodb?.SequenceNumber ?? '')) continue;
    const at = r.dynamodb?.NewImage?.type?.S === 'mention' ? r.dynamodb.NewImage.receivedAt?.S : undefined;
    if (at && (!max || at > max)) max = at;
  }
  return max;
}
