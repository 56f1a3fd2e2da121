import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type Store, storageDown } from './client.ts';
import { queryAll } from './query.ts';

/**
 * Erased-author tombstones: pk `ERASED#<subject>`, sk `BRAND#<brand>` (`BRAND#*` for every brand).
 * The subject is a keyed hash the privacy policy computes (shared/privacy/tombstone.ts), so the
 * item names nobody. The webhooks function may read only these partitions (infra: LeadingKeys).
 */
export const TOMBSTONE_PK_PREFIX = 'ERASED#';
const ALL = '*';
const tombstoneKey = (subject: string, brand: string) => ({ pk: `${TOMBSTONE_PK_PREFIX}${subject}`, sk: `BRAND#${brand}` });

/** The partition key of a subject's tombstones. */
export const tombstonePartition = (subject: string) => tombstoneKey(subject, ALL).pk;

/** One tombstone per brand the erasure covered; `all` is one tombstone for every brand. */
export async function putTombstones(store: Store, subject: string, brands: 'all' | string[], now: Date): Promise<void> {
  try {
    for (const brand of brands === 'all' ? [ALL] : brands) {
      const item = { ...tombstoneKey(subject, brand), type: 'erased-author', at: now.toISOString() };
      await store.ddb.send(new PutItemCommand({ TableName: store.table, Item: marshall(item) }));
    }
  } catch (e) {
    throw storageDown(e);
  }
}

/** Whether the subject has a tombstone for this brand (or for every brand). */
export async function hasTombstone(store: Store, subject: string, brand: string): Promise<boolean> {
  const { items } = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: marshall({ ':pk': tombstonePartition(subject) }),
    ConsistentRead: true,
  });
  const brands = items.map((i) => String(unmarshall(i).sk));
  return brands.includes(tombstoneKey(subject, ALL).sk) || brands.includes(tombstoneKey(subject, brand).sk);
}
