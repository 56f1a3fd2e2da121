import { QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { type Item, type Store, storageDown } from './client.ts';

export type { Item } from './client.ts';

/** A Query as the entity modules describe it: the paging fields are this module's. */
export type QueryInput = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit' | 'Select'>;

export interface PageOptions {
  /** Stop reading once this many items are in (then `next` says where the index goes on). */
  maxItems?: number;
  /**
   * Ask each page for no more than is still missing, so `next` sits right after the last item
   * returned: a cursor a caller can hand back. Without it a page may overshoot `maxItems`.
   */
  exact?: boolean;
  /** Where a previous read stopped (its `next`). */
  start?: Item;
}

export interface Paged {
  items: Item[];
  /** There was more than `maxItems`. */
  truncated: boolean;
  /** The key to start the next read from, when there was more. */
  next?: Item;
}

/**
 * Every page of one Query, up to `maxItems`. The one place wecare pages through DynamoDB; a
 * storage failure becomes a 503-mapped error. (A number is `maxItems`.)
 */
export async function queryAll(store: Store, input: QueryInput, options: PageOptions | number = {}): Promise<Paged> {
  const { maxItems = Number.POSITIVE_INFINITY, exact = false, start } = typeof options === 'number' ? { maxItems: options } : options;
  const items: Item[] = [];
  let next: Item | undefined = start;
  try {
    do {
      const limit = exact && Number.isFinite(maxItems) ? maxItems - items.length : undefined;
      const page = await store.ddb.send(new QueryCommand({ ...input, TableName: store.table, ExclusiveStartKey: next, Limit: limit }));
      items.push(...(page.Items ?? []));
      next = page.LastEvaluatedKey;
    } while (next && items.length < maxItems);
  } catch (e) {
    throw storageDown(e);
  }
  return { items, truncated: next !== undefined, next };
}

/** The first item of a Query (with `ScanIndexForward` choosing which end), or undefined. */
export async function queryFirst(store: Store, input: QueryInput): Promise<Item | undefined> {
  return (await queryAll(store, input, { maxItems: 1, exact: true })).items[0];
}

/** How many items one Query matches (Select COUNT, every page): nothing is read back. */
export async function countAll(store: Store, input: QueryInput): Promise<number> {
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
