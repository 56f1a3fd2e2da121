import { type AttributeValue, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { storageDown } from './client.ts';
import type { Store } from './mentions.ts';

export type Item = Record<string, AttributeValue>;

/**
 * Every page of one Query, up to `maxItems` (then `truncated` says there was more). The one place
 * wecare pages through DynamoDB; a storage failure becomes a 503-mapped error.
 */
export async function queryAll(
  store: Store,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  maxItems = Number.POSITIVE_INFINITY,
): Promise<{ items: Item[]; truncated: boolean }> {
  const items: Item[] = [];
  let start: Item | undefined;
  try {
    do {
      const page = await store.ddb.send(new QueryCommand({ ...input, TableName: store.table, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && items.length < maxItems);
  } catch (e) {
    throw storageDown(e);
  }
  return { items, truncated: start !== undefined };
}

/** How many items one Query matches (Select COUNT, every page): nothing is read back. */
export async function countAll(store: Store, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Select'>): Promise<number> {
  let count = 0;
  let start: Item | undefined;
  try {
    do {
      const page = await store.ddb.send(new QueryCommand({ ...input, TableName: store.table, Select: 'COUNT', ExclusiveStartKey: start }));
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
  } catch (e) {
    throw storageDown(e);
  }
  return count;
}
