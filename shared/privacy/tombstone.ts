import { randomBytes } from 'node:crypto';
import { keyedHash } from '../keyed-hash.ts';
import type { Author, Mention } from '../mention.ts';
import type { Store } from '../store/client.ts';
import { normalizeAuthorId } from '../store/mentions.ts';
import { hasTombstone, putTombstones, tombstonePartition } from '../store/tombstones.ts';

/**
 * Erasure sticks: an erased author leaves a tombstone, `ERASED#<keyed hash of platform + id>`,
 * one item per brand the erasure covered (`BRAND#*` for all of them). The hash is keyed
 * (PRIVACY_HASH_KEY), so the tombstone names nobody; ingest, enrich and the flows look it up.
 */
export interface ErasureScope {
  /** The brands the caller may erase for: `all` (ADMIN_TOKEN) or a list (a narrower sign-in). */
  brands: 'all' | string[];
}

/** Who a tombstone stands for: a keyed hash of platform and (normalized) id, never the id. */
const authorSubject = (platform: string, authorId: string) => keyedHash('author', `${platform}:${normalizeAuthorId(authorId)}`);
export const tombstonePk = (platform: string, authorId: string) => tombstonePartition(authorSubject(platform, authorId));

export function writeTombstones(store: Store, platform: string, authorId: string, scope: ErasureScope, now: Date): Promise<void> {
  return putTombstones(store, authorSubject(platform, authorId), scope.brands, now);
}

/** Whether this author (by id, or by the phone number beside it) was erased for this brand. */
export async function isErased(store: Store, platform: string, author: Pick<Author, 'id' | 'phone'>, brand: string): Promise<boolean> {
  for (const id of [author.id, author.phone]) {
    if (id && (await hasTombstone(store, authorSubject(platform, id), brand))) return true;
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
