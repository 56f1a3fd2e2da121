import { createHash } from 'node:crypto';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Store } from './client.ts';
import { queryAll } from './query.ts';

/**
 * The due index (gsi5): the one place the minute sweep looks for work. Two partitions per shard:
 *
 * - `DUE#<shard>` / `<dueAt>#<id>`: items that wait for a time (a scheduled follow-up, an outbox
 *   intent waiting for its retry or its lease), removed the moment the item is claimed or
 *   cancelled: the index stays sparse, so the sweep reads what is due and never what is pending.
 * - `RESCUE#<shard>` / `<arrivedAt>#<id>`: items waiting for the stream consumers (a new mention,
 *   a parked change), by when they arrived: the rescue sweep reads only those the consumers have
 *   passed, so a backlog costs it nothing.
 *
 * Shards spread a burst over several partitions: every new mention enters and leaves the rescue
 * index, so at 5,000 mentions a second one partition would take 10,000 writes (ARCHITECTURE.md).
 */
export const DUE_SHARDS = 16;

const shardOf = (id: string) => createHash('sha256').update(id).digest()[0]! % DUE_SHARDS;
const duePartition = (shard: number) => `DUE#${shard}`;
const rescuePartition = (shard: number) => `RESCUE#${shard}`;

/** The gsi5 attributes that put an item on the due index at `dueAt`. */
export function dueKeys(id: string, dueAt: string) {
  return { gsi5pk: duePartition(shardOf(id)), gsi5sk: `${dueAt}#${id}` };
}

/** The gsi5 attributes of an item waiting for the stream consumers since `arrivedAt`. */
export function rescueKeys(id: string, arrivedAt: string) {
  return { gsi5pk: rescuePartition(shardOf(id)), gsi5sk: `${arrivedAt}#${id}` };
}

/** What the sweep learns of an indexed item: enough to find it and tell its kind. */
export interface DueRef {
  pk: string;
  type: string;
  id: string;
  dueAt: string;
}

/** Due items of every shard with dueAt ≤ now, oldest first per shard, at most `limit` in all. */
export function queryDue(store: Store, now: Date, limit = 200): Promise<DueRef[]> {
  // '$' sorts right after '#': every `<dueAt>#<id>` with dueAt ≤ now is below `<now>$`.
  return acrossShards(store, duePartition, `${now.toISOString()}$`, limit);
}

/** Items waiting for the stream that arrived before `before`, oldest first, at most `limit`. */
export function queryRescue(store: Store, before: string, limit = 200): Promise<DueRef[]> {
  return acrossShards(store, rescuePartition, before, limit);
}

async function acrossShards(store: Store, partition: (shard: number) => string, upper: string, limit: number): Promise<DueRef[]> {
  const shards = Array.from({ length: DUE_SHARDS }, (_, s) => s);
  const pages = await Promise.all(shards.map((s) => queryShard(store, partition(s), upper, limit)));
  return pages.flat().sort((a, b) => a.dueAt.localeCompare(b.dueAt)).slice(0, limit);
}

async function queryShard(store: Store, partition: string, upper: string, limit: number): Promise<DueRef[]> {
  const { items } = await queryAll(
    store,
    {
      IndexName: 'gsi5',
      KeyConditionExpression: 'gsi5pk = :pk AND gsi5sk < :upper',
      ExpressionAttributeValues: marshall({ ':pk': partition, ':upper': upper }),
      ProjectionExpression: 'pk, #type, id, gsi5sk',
      ExpressionAttributeNames: { '#type': 'type' },
    },
    { maxItems: limit, exact: true },
  );
  return items.map((item) => {
    const raw = unmarshall(item) as { pk: string; type: string; id: string; gsi5sk: string };
    return { pk: raw.pk, type: raw.type, id: raw.id, dueAt: raw.gsi5sk.slice(0, raw.gsi5sk.indexOf('#')) };
  });
}
