import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { isConditionFailure, storageDown } from './client.ts';
import type { Store } from './mentions.ts';

/**
 * How far a stream consumer has got: the newest `receivedAt` it has finished. The rescue sweep
 * only nudges a mention the consumers have passed, so a backlog (the stream behind by minutes) is
 * never mistaken for a lost record. One write per batch, only forward.
 */
const key = (consumer: string) => marshall({ pk: `WATERMARK#${consumer}`, sk: 'WATERMARK' });

export async function advanceWatermark(store: Store, consumer: string, receivedAt: string): Promise<void> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: key(consumer),
        UpdateExpression: 'SET receivedAt = :at',
        ConditionExpression: 'attribute_not_exists(receivedAt) OR receivedAt < :at',
        ExpressionAttributeValues: marshall({ ':at': receivedAt }),
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
  }
}

export async function readWatermark(store: Store, consumer: string): Promise<string | undefined> {
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: key(consumer), ConsistentRead: true }));
    return out.Item ? (unmarshall(out.Item).receivedAt as string) : undefined;
  } catch (e) {
    throw storageDown(e);
  }
}

/** The newest receivedAt among the records of a batch that did not fail. */
export function batchWatermark(
  records: ReadonlyArray<{ dynamodb?: { NewImage?: Record<string, { S?: string }>; SequenceNumber?: string } }>,
  failed: ReadonlyArray<{ itemIdentifier: string }>,
): string | undefined {
  const failures = new Set(failed.map((f) => f.itemIdentifier));
  let max: string | undefined;
  for (const r of records) {
    if (failures.has(r.dynamodb?.SequenceNumber ?? '')) continue;
    const at = r.dynamodb?.NewImage?.type?.S === 'mention' ? r.dynamodb.NewImage.receivedAt?.S : undefined;
    if (at && (!max || at > max)) max = at;
  }
  return max;
}
