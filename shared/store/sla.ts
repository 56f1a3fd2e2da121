import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { storageDown } from './client.ts';
import type { Store } from './mentions.ts';
import { keys } from './table.ts';

/**
 * Open mentions of a brand past their SLA due time, from the SLA queue index (gsi4) — not the
 * ones an active incident holds (their clock is paused). Counted, never read: cost grows with
 * the breaches, not the backlog.
 */
export async function countBreaches(store: Store, brand: string, now: Date): Promise<number> {
  let count = 0;
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  try {
    do {
      const out = await store.ddb.send(
        new QueryCommand({
          TableName: store.table,
          IndexName: 'gsi4',
          KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk < :now',
          FilterExpression: 'attribute_not_exists(slaPausedAt)',
          ExpressionAttributeValues: marshall({ ':pk': keys.statusQueue(brand, 'open'), ':now': now.toISOString() }),
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
  } catch (e) {
    throw storageDown(e);
  }
  return count;
}
