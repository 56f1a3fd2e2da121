import { createHash } from 'node:crypto';
import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { keyedHash } from '../keyed-hash.ts';
import type { Mention, MentionDraft } from '../mention.ts';
import { isConditionFailure, type Item, type Store, storageDown } from './client.ts';
import { rescueKeys } from './due-index.ts';
import { getByKeys, shardOf } from './scatter.ts';

/** E-mail addresses are matched case-insensitively (Jan@Example.com is jan@example.com); other ids as given. */
export const normalizeAuthorId = (id: string) => (id.length <= 320 && /^[^@\s]+@[^@\s]+$/.test(id) ? id.toLowerCase() : id);

/**
 * The mention entity: its id, its keys and its life as an item. Reads over its indexes are in
 * mention-reads.ts, its later writes (triage, answer, incident, text) in mention-updates.ts and
 * mention-triage.ts, platform changes that arrive before it in parked-changes.ts.
 *
 * pk `MENTION#<id>` / sk `MENTION`; gsi6 brand timeline (sharded, few fields), gsi2 conversation,
 * gsi3 author, gsi5 rescue index while `new`. The work queue is the case's (cases.ts), not the mention's.
 */
export const MENTION_SHARDS = 16;

export const mentionKeys = {
  item: (id: string) => ({ pk: `MENTION#${id}`, sk: 'MENTION' }),
  /** The brand timeline is sharded (scatter.ts): a brand's burst spreads over MENTION_SHARDS partitions. */
  brandTimeline: (brand: string, shard: number) => `BRAND#${brand}#${shard}`,
  brandTimelines: (brand: string) => Array.from({ length: MENTION_SHARDS }, (_, s) => `BRAND#${brand}#${s}`),
  conversation: (conversationId: string) => `CONV#${conversationId}`,
  author: (platform: string, authorId: string) => `AUTHOR#${platform}#${normalizeAuthorId(authorId)}`,
};

/**
 * Deterministic: the same platform id for the same brand always maps to the same mention, which is
 * what makes ingest idempotent. The brand is part of the identity: a tweet mentioning two brands of
 * one deployment arrives once per brand (two `for_user_id`s) and is each brand's own mention.
 */
export function mentionId(brand: string, platform: string, externalId: string): string {
  return `${platform}-${createHash('sha256').update(`${brand}\n${externalId}`).digest('base64url').slice(0, 22)}`;
}

/**
 * Keyed (PRIVACY_HASH_KEY), not a bare hash: a WhatsApp thread id is the customer's phone number
 * (or BSUID), and a plain sha256 of a phone number is reversed by trying every number.
 */
export function conversationId(brand: string, platform: string, threadId: string): string {
  return `${platform}-${keyedHash('conversation', `${brand}:${platform}:${threadId}`).slice(0, 22)}`;
}

/** Where mentions addressed to an account no brand owns are kept (flagged, never dropped). */
export const UNKNOWN_BRAND = 'unknown';

export function toMention(draft: MentionDraft, brand: string | undefined, receivedAt: string): Mention {
  const { threadId, ...rest } = draft;
  const owner = brand ?? UNKNOWN_BRAND;
  return {
    ...rest,
    id: mentionId(owner, draft.platform, draft.externalId),
    brand: owner,
    brandKnown: brand !== undefined,
    conversationId: conversationId(owner, draft.platform, threadId ?? draft.externalId),
    receivedAt,
    status: draft.fromBrand ? 'brand' : 'new',
  };
}

const MAX_RESCUES = 5;

export function mentionItem(m: Mention) {
  // Only customer mentions wait for triage; the sparse due index (gsi5) holds them until triaged.
  const rescue = m.status === 'new' ? rescueKeys(m.id, m.receivedAt) : {};
  return {
    ...rescue,
    ...mentionKeys.item(m.id),
    gsi6pk: mentionKeys.brandTimeline(m.brand, shardOf(m.id, MENTION_SHARDS)),
    gsi6sk: `${m.createdAt}#${m.id}`,
    gsi2pk: mentionKeys.conversation(m.conversationId),
    gsi2sk: m.createdAt,
    gsi3pk: mentionKeys.author(m.platform, m.author.id),
    gsi3sk: m.createdAt,
    type: 'mention',
    ...m,
  };
}

/** One conditional PutItem, no read before write: `duplicate` when the platform redelivered. */
export async function storeMention(store: Store, mention: Mention): Promise<'stored' | 'duplicate'> {
  try {
    await store.ddb.send(
      new PutItemCommand({
        TableName: store.table,
        Item: marshall(mentionItem(mention), { removeUndefinedValues: true }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return 'stored';
  } catch (e) {
    if (isConditionFailure(e)) return 'duplicate';
    throw storageDown(e);
  }
}

export async function getMention(store: Store, id: string): Promise<Mention | undefined> {
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(mentionKeys.item(id)), ConsistentRead: true }));
    return out.Item ? fromItem(out.Item) : undefined;
  } catch (e) {
    throw storageDown(e);
  }
}

/** Several mentions in one round trip (BatchGetItem), in the order asked; missing ones left out. */
export async function getMentions(store: Store, ids: string[]): Promise<Mention[]> {
  if (!ids.length) return [];
  return (await getByKeys(store, ids.map((id) => mentionKeys.item(id)))).map(fromItem);
}

const INTERNAL = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk', 'gsi6pk', 'gsi6sk', 'type', 'events', 'ttl'];

export function fromItem(item: Item): Mention {
  const raw = unmarshall(item) as Record<string, unknown>;
  for (const k of INTERNAL) delete raw[k];
  return raw as unknown as Mention;
}

/**
 * The sweep's nudge for a mention still `new` that the stream consumers have passed (the sweep
 * only reads those): its record was skipped, so a touch (`rescuedAt`) hands it to triage and enrich
 * again, and it goes back in line as arrived now. A mention no longer new leaves the index; one
 * nudged MAX_RESCUES times (poison) is left `new` for an agent.
 */
export async function rescueMention(store: Store, id: string, now: Date): Promise<'nudged' | 'done'> {
  const key = marshall(mentionKeys.item(id));
  const due = rescueKeys(id, now.toISOString());
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: key,
        UpdateExpression: 'SET rescuedAt = :now, gsi5pk = :pk, gsi5sk = :sk ADD rescues :one',
        ConditionExpression: '#status = :new AND (attribute_not_exists(rescues) OR rescues < :max)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: marshall({ ':pk': due.gsi5pk, ':sk': due.gsi5sk, ':now': now.toISOString(), ':new': 'new', ':one': 1, ':max': MAX_RESCUES }),
      }),
    );
    return 'nudged';
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
  }
  try {
    await store.ddb.send(new UpdateItemCommand({ TableName: store.table, Key: key, UpdateExpression: 'REMOVE gsi5pk, gsi5sk' }));
  } catch (e) {
    throw storageDown(e);
  }
  return 'done';
}

