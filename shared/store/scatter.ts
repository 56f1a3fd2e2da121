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
  /**
   * With a filter: how many items DynamoDB may evaluate per shard in this call. A filter that
   * matches rarely (a search) would otherwise read the whole queue; past the budget the page ends
   * at a `frontier` sort key below which every shard has been read, and the caller resumes there.
   */
  budget?: number;
}

interface Shard {
  pk: string;
  buffer: Item[];
  next?: Item;
  done: boolean;
  /** Items DynamoDB evaluated for this shard so far (the filter's cost). */
  scanned: number;
  /** The filter dropped most of the last page: ask for bigger ones. */
  sparse?: boolean;
}

export interface ScatterPage {
  items: Item[];
  more: boolean;
  /** Set when the read budget ran out first: every shard has been read up to this sort key. */
  frontier?: string;
  /** Items DynamoDB evaluated over all shards. */
  scanned: number;
}

/** Items in sort-key order across every shard, at most `limit`; `more` when any shard has more. */
export async function scatterPage(store: Store, q: ScatterQuery, limit: number): Promise<ScatterPage> {
  const sk = `${q.index}sk`;
  const shards: Shard[] = q.partitions.map((pk) => ({ pk, buffer: [], done: false, scanned: 0 }));
  const pageSize = q.pageSize ?? Math.min(Math.max(limit, 1) + 1, 1000);
  await Promise.all(shards.map((s) => fill(store, q, s, pageSize)));
  const items: Item[] = [];
  const before = (a: string, b: string) => (q.descending ? a > b : a < b);
  const scanned = () => shards.reduce((n, s) => n + s.scanned, 0);
  while (items.length < limit) {
    let best: Shard | undefined;
    for (const s of shards) {
      const head = s.buffer[0];
      if (head && (!best || before(head[sk]!.S!, best.buffer[0]![sk]!.S!))) best = s;
    }
    // A shard that spent its budget without reaching its end is known only up to where it stopped:
    // nothing beyond that point may be shown before it, so the page ends there.
    const frontier = stalledFrontier(shards, q, before);
    if (frontier !== undefined && (!best || !before(best.buffer[0]![sk]!.S!, frontier))) return { items, more: true, frontier, scanned: scanned() };
    if (!best) break;
    items.push(best.buffer.shift()!);
    // A shard whose buffer ran dry is read on before the next comparison: its next item may be the smallest.
    if (best.buffer.length === 0 && !best.done) await fill(store, q, best, pageSize);
  }
  return { items, more: shards.some((s) => s.buffer.length > 0 || !s.done), scanned: scanned() };
}

/** The earliest point (in read order) where a shard stopped on its budget with nothing buffered. */
function stalledFrontier(shards: Shard[], q: ScatterQuery, before: (a: string, b: string) => boolean): string | undefined {
  let frontier: string | undefined;
  for (const s of shards) {
    if (s.done || s.buffer.length > 0 || !overBudget(s, q)) continue;
    const at = s.next?.[`${q.index}sk`]?.S;
    if (at !== undefined && (frontier === undefined || before(at, frontier))) frontier = at;
  }
  return frontier;
}

/**
 * A filtered read asks for what an unfiltered one would (a filter most items pass, such as a
 * state, costs no more); once the filter dropped most of a page it asks for bigger ones (a rare
 * search term), never past the budget.
 */
const FILTERED_PAGE = 250;
const limitFor = (q: ScatterQuery, s: Shard, pageSize: number) =>
  q.budget === undefined ? pageSize : Math.max(1, Math.min(s.sparse ? Math.max(pageSize, FILTERED_PAGE) : pageSize, q.budget - s.scanned));

const overBudget = (s: Shard, q: ScatterQuery) => q.budget !== undefined && s.scanned >= q.budget;

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
          Limit: limitFor(q, s, pageSize),
        }),
      );
      s.buffer.push(...(page.Items ?? []).filter((i) => !isBound(i[`${q.index}sk`]?.S, q)));
      s.next = page.LastEvaluatedKey;
      s.done = !s.next;
      s.scanned += page.ScannedCount ?? 0;
      s.sparse = (page.Items?.length ?? 0) * 2 < (page.ScannedCount ?? 0);
    } catch (e) {
      throw storageDown(e);
    }
  } while (s.buffer.length === 0 && !s.done && !overBudget(s, q));
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
