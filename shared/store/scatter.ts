import { BatchGetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { type Item, type Store, storageDown } from './client.ts';
import type { Gsi } from './table.ts';

/**
 * Write sharding with a scatter-gather read: an index whose writes would all land on one brand's
 * partition is split into `<partition>#<shard>`, the writer picks the shard from the item's id,
 * and a reader queries every shard and merges them by sort key. The merge is lazy (a shard is read
 * again only when its buffered items are used up), so a page costs one Query per shard.
 */
export const shardOf = (id: string, shards: number) => createHash('sha256').update(id).digest().readUInt16BE(0) % shards;

export interface ScatterQuery {
  index: Gsi;
  /** One partition key per shard. */
  partitions: string[];
  /** Sort key bounds, both exclusive; either may be left out. */
  above?: string;
  below?: string;
  descending?: boolean;
  /** Applied by DynamoDB per page (projected attributes only on an INCLUDE index). */
  filter?: { expression: string; names?: Record<string, string>; values?: Item };
  /** Items to ask each shard for at a time. */
  pageSize?: number;
}

interface Shard {
  pk: string;
  buffer: Item[];
  next?: Item;
  done: boolean;
}

/** Items in sort-key order across every shard, at most `limit`; `more` when any shard has more. */
export async function scatterPage(store: Store, q: ScatterQuery, limit: number): Promise<{ items: Item[]; more: boolean }> {
  const sk = `${q.index}sk`;
  const shards: Shard[] = q.partitions.map((pk) => ({ pk, buffer: [], done: false }));
  const pageSize = q.pageSize ?? Math.min(Math.max(limit, 1) + 1, 1000);
  await Promise.all(shards.map((s) => fill(store, q, s, pageSize)));
  const items: Item[] = [];
  const before = (a: string, b: string) => (q.descending ? a > b : a < b);
  while (items.length < limit) {
    let best: Shard | undefined;
    for (const s of shards) {
      const head = s.buffer[0];
      if (head && (!best || before(head[sk]!.S!, best.buffer[0]![sk]!.S!))) best = s;
    }
    if (!best) break;
    items.push(best.buffer.shift()!);
    // A shard whose buffer ran dry is read on before the next comparison: its next item may be the smallest.
    if (best.buffer.length === 0 && !best.done) await fill(store, q, best, pageSize);
  }
  return { items, more: shards.some((s) => s.buffer.length > 0 || !s.done) };
}

async function fill(store: Store, q: ScatterQuery, s: Shard, pageSize: number): Promise<void> {
  const names: Record<string, string> = { '#pk': `${q.index}pk`, ...q.filter?.names };
  const values: Item = { ':pk': { S: s.pk }, ...q.filter?.values };
  let range = '';
  if (q.above !== undefined) values[':above'] = { S: q.above };
  if (q.below !== undefined) values[':below'] = { S: q.below };
  if (q.above !== undefined && q.below !== undefined) range = ' AND #sk BETWEEN :above AND :below';
  else if (q.above !== undefined) range = ' AND #sk > :above';
  else if (q.below !== undefined) range = ' AND #sk < :below';
  if (range) names['#sk'] = `${q.index}sk`;
  // DynamoDB's filter may leave a page empty: read on until something is found or the shard ends.
  do {
    try {
      const page = await store.ddb.send(
        new QueryCommand({
          TableName: store.table,
          IndexName: q.index,
          KeyConditionExpression: `#pk = :pk${range}`,
          FilterExpression: q.filter?.expression,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: !q.descending,
          ExclusiveStartKey: s.next,
          Limit: pageSize,
        }),
      );
      s.buffer.push(...(page.Items ?? []).filter((i) => !isBound(i[`${q.index}sk`]?.S, q)));
      s.next = page.LastEvaluatedKey;
      s.done = !s.next;
    } catch (e) {
      throw storageDown(e);
    }
  } while (s.buffer.length === 0 && !s.done);
}

/** BETWEEN is inclusive; the bounds here are exclusive (a cursor names the last item already shown). */
const isBound = (sk: string | undefined, q: ScatterQuery) => sk !== undefined && (sk === q.above || sk === q.below);

/** The full items for keys an index returned, in the same order; missing ones are left out. */
export async function getByKeys(store: Store, keys: Array<{ pk: string; sk: string }>, consistent = false): Promise<Item[]> {
  const found = new Map<string, Item>();
  for (let i = 0; i < keys.length; i += 100) {
    let request: Item[] | undefined = keys.slice(i, i + 100).map((k) => ({ pk: { S: k.pk }, sk: { S: k.sk } }));
    for (let attempt = 0; request?.length && attempt < 8; attempt++) {
      try {
        const out = await store.ddb.send(new BatchGetItemCommand({ RequestItems: { [store.table]: { Keys: request, ConsistentRead: consistent } } }));
        for (const item of out.Responses?.[store.table] ?? []) found.set(`${item.pk!.S}\n${item.sk!.S}`, item);
        request = out.UnprocessedKeys?.[store.table]?.Keys as Item[] | undefined;
      } catch (e) {
        throw storageDown(e);
      }
      if (request?.length) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    }
    if (request?.length) throw storageDown(new Error(`${request.length} keys left unprocessed`));
  }
  return keys.map((k) => found.get(`${k.pk}\n${k.sk}`)).filter((i): i is Item => i !== undefined);
}
