import { randomBytes } from 'node:crypto';
import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Author, Mention } from '../mention.ts';
import { storageDown } from '../store/client.ts';
import type { Store } from '../store/mentions.ts';
import { normalizeAuthorId } from '../store/table.ts';
import { keyedHash } from './keyed-hash.ts';

/**
 * Erasure sticks: an erased author leaves a tombstone, `ERASED#<keyed hash of platform + id>`,
 * one item per brand the erasure covered (`BRAND#*` for all of them). The hash is keyed
 * (PRIVACY_HASH_KEY), so the tombstone names nobody; ingest, enrich and the flows look it up.
 */
export interface ErasureScope {
  /** The brands the caller may erase for: `all` (ADMIN_TOKEN) or a list (a narrower sign-in). */
  brands: 'all' | string[];
}

const ALL = '*';
export const tombstonePk = (platform: string, authorId: string) => `ERASED#${keyedHash('author', `${platform}:${normalizeAuthorId(authorId)}`)}`;

export async function writeTombstones(store: Store, platform: string, authorId: string, scope: ErasureScope, now: Date): Promise<void> {
  const brands = scope.brands === 'all' ? [ALL] : scope.brands;
  try {
    for (const brand of brands) {
      const item = { pk: tombstonePk(platform, authorId), sk: `BRAND#${brand}`, type: 'erased-author', at: now.toISOString() };
      await store.ddb.send(new PutItemCommand({ TableName: store.table, Item: marshall(item) }));
    }
  } catch (e) {
    throw storageDown(e);
  }
}

/** Whether this author (by id, or by the phone number beside it) was erased for this brand. */
export async function isErased(store: Store, platform: string, author: Pick<Author, 'id' | 'phone'>, brand: string): Promise<boolean> {
  for (const id of [author.id, author.phone]) {
    if (!id) continue;
    let items;
    try {
      const out = await store.ddb.send(
        new QueryCommand({ TableName: store.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: marshall({ ':pk': tombstonePk(platform, id) }), ConsistentRead: true }),
      );
      items = (out.Items ?? []).map((i) => String(unmarshall(i).sk));
    } catch (e) {
      throw storageDown(e);
    }
    if (items.includes(`BRAND#${ALL}`) || items.includes(`BRAND#${brand}`)) return true;
  }
  return false;
}

export const anonymousAuthor = (): Author => ({ id: `erased-${randomBytes(6).toString('hex')}` });

/**
 * What wecare keeps of a message an erased author sent after the erasure: what metrics count
 * (platform, kind, times) and nothing that names or quotes them. It is closed at once, so it is
 * never triaged or answered; `erasedAt` makes every later write (edit, refetch, text fetch) a no-op.
 */
export function erasedMention(m: Mention, now: Date): Mention {
  return {
    id: m.id,
    brand: m.brand,
    brandKnown: m.brandKnown,
    platform: m.platform,
    kind: m.kind,
    externalId: m.externalId,
    accountId: m.accountId,
    conversationId: m.conversationId,
    createdAt: m.createdAt,
    receivedAt: m.receivedAt,
    status: m.fromBrand ? 'brand' : 'closed',
    ...(m.fromBrand ? { fromBrand: true } : {}),
    author: anonymousAuthor(),
    text: '',
    erasedAt: now.toISOString(),
  };
}

/** The mention as ingest should store it: unchanged, or emptied when its author is erased for its brand. */
export async function unlessErased(store: Store, m: Mention, now: Date): Promise<Mention> {
  return (await isErased(store, m.platform, m.author, m.brand)) ? erasedMention(m, now) : m;
}
