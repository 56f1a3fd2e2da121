import { createHash } from 'node:crypto';
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { WecareError } from '../errors.ts';
import type { Mention, MentionDraft, PlatformEvent } from '../mention.ts';
import { isConditionFailure, type Store, storageDown } from './client.ts';
import { rescueKeys } from './due-index.ts';
import { keys } from './table.ts';
import { keyedHash } from '../privacy/keyed-hash.ts';

/** Moved to the store's client module; this re-export goes once every caller imports it from there. */
export type { Store } from './client.ts';

/** Deterministic: the same platform id always maps to the same mention, which is what makes ingest idempotent. */
export function mentionId(platform: string, externalId: string): string {
  return `${platform}-${createHash('sha256').update(externalId).digest('base64url').slice(0, 22)}`;
}

/**
 * Keyed (PRIVACY_HASH_KEY), not a bare hash: a WhatsApp thread id is the customer's phone number
 * (or BSUID), and a plain sha256 of a phone number is reversed by trying every number.
 */
export function conversationId(platform: string, threadId: string): string {
  return `${platform}-${keyedHash('conversation', `${platform}:${threadId}`).slice(0, 22)}`;
}

export function toMention(draft: MentionDraft, brand: string | undefined, receivedAt: string): Mention {
  const { threadId, ...rest } = draft;
  return {
    ...rest,
    id: mentionId(draft.platform, draft.externalId),
    brand: brand ?? 'unknown',
    brandKnown: brand !== undefined,
    conversationId: conversationId(draft.platform, threadId ?? draft.externalId),
    receivedAt,
    status: draft.fromBrand ? 'brand' : 'new',
  };
}

/**
 * How long a new mention may wait for triage before the minute sweep nudges it again. The stream
 * normally takes seconds; this catches records a stream consumer gave up on (or an emulator lost).
 */
const MAX_RESCUES = 5;
export const rescueAfterMs = () => Number(process.env.WECARE_RESCUE_AFTER_SECONDS ?? 120) * 1000;
/**
 * After this long without a batch the stream consumers count as quiet, and a waiting mention is
 * nudged even though no newer record moved their watermark past it (the last mentions before a
 * quiet spell). While batches keep coming (a backlog) only the watermark decides.
 */
export const rescueQuietMs = () => Number(process.env.WECARE_RESCUE_QUIET_SECONDS ?? 120) * 1000;

export function mentionItem(m: Mention) {
  // Only customer mentions wait for triage; the sparse due index (gsi5) holds them until triaged.
  const rescue = m.status === 'new' ? rescueKeys(m.id, m.receivedAt) : {};
  return {
    ...rescue,
    ...keys.mention(m.id),
    gsi1pk: keys.brandTimeline(m.brand),
    gsi1sk: `${m.createdAt}#${m.id}`,
    gsi2pk: keys.conversation(m.conversationId),
    gsi2sk: m.createdAt,
    gsi3pk: keys.author(m.platform, m.author.id),
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

export type Change = Extract<PlatformEvent, { type: 'edit' | 'state' | 'refetch' }>;

/** Parked changes wait this long for their mention; platforms redeliver far sooner. */
const PARK_DAYS = 30;

/**
 * Applies a platform-side edit, delete or hide to a stored mention. The text history is kept
 * in `originalText` and `revisions`; `events` remembers applied event ids so a redelivery changes nothing.
 * A change that arrives before its mention (out of order, or for a post older than wecare) is
 * parked next to where the mention will be and answered 200: the stream applies it once the
 * mention lands (`applyParkedChanges`). Answering 503 instead would make Meta retry for a day and a half.
 */
export async function applyChange(store: Store, change: Change): Promise<'applied' | 'duplicate' | 'parked' | 'erased'> {
  const outcome = await updateMention(store, change);
  if (outcome !== 'missing') return outcome;
  await park(store, change);
  // The mention may have landed between the update and the park; then its stream record has passed.
  const retry = await updateMention(store, change);
  return retry === 'missing' ? 'parked' : retry;
}

/** `erased`: the mention's author was erased, so an edit or refetch must not write their words back. */
async function updateMention(store: Store, change: Change): Promise<'applied' | 'duplicate' | 'missing' | 'erased'> {
  const id = mentionId(change.platform, change.externalId);
  const names: Record<string, string> = { '#events': 'events' };
  const values: Record<string, unknown> = { ':event': new Set([change.eventId]), ':eventId': change.eventId };
  let set: string;
  if (change.type === 'edit') {
    names['#text'] = 'text';
    names['#revisions'] = 'revisions';
    values[':text'] = change.text;
    values[':rev'] = [{ text: change.text, at: change.at, event: change.eventId }];
    values[':empty'] = [];
    // The words the customer first wrote stay next to the revisions (set once, by the first edit).
    set = 'SET originalText = if_not_exists(originalText, #text), #text = :text, #revisions = list_append(if_not_exists(#revisions, :empty), :rev)';
    // The mark follows the current text (ingest cut an over-long edit to its start).
    if (change.truncated) values[':true'] = true;
    set += change.truncated ? ', textTruncated = :true' : ' REMOVE textTruncated';
  } else if (change.type === 'state') {
    names['#state'] = 'platformState';
    values[':state'] = change.state;
    set = 'SET #state = :state';
  } else {
    // The enrich step sees textPending on the stream, fetches the new text and records a revision.
    values[':true'] = true;
    set = 'SET textPending = :true';
  }
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keys.mention(id)),
        UpdateExpression: `${set} ADD #events :event`,
        ConditionExpression: 'attribute_exists(pk) AND NOT contains(#events, :eventId) AND attribute_not_exists(erasedAt)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: marshall(values),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'applied';
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
    const old = (e as { Item?: Record<string, unknown> }).Item;
    if (!old) return 'missing';
    return old.erasedAt ? 'erased' : 'duplicate';
  }
}

async function park(store: Store, change: Change): Promise<void> {
  const id = mentionId(change.platform, change.externalId);
  // Also due for the sweep: should the mention's stream record never reach enrich, the sweep applies it.
  const due = rescueKeys(`${id}#${change.eventId}`, new Date().toISOString());
  const item = { pk: keys.mention(id).pk, sk: `CHANGE#${change.eventId}`, type: 'parked-change', id: change.eventId, change, ...due, ttl: Math.floor(Date.now() / 1000) + PARK_DAYS * 86_400 };
  try {
    await store.ddb.send(new PutItemCommand({ TableName: store.table, Item: marshall(item, { removeUndefinedValues: true }) }));
  } catch (e) {
    throw storageDown(e);
  }
}

/** Applies the changes that arrived before this mention did (called from the stream on INSERT). */
export async function applyParkedChanges(store: Store, id: string): Promise<number> {
  let out;
  try {
    out = await store.ddb.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :change)',
        ExpressionAttributeValues: marshall({ ':pk': keys.mention(id).pk, ':change': 'CHANGE#' }),
        ConsistentRead: true,
      }),
    );
  } catch (e) {
    throw storageDown(e);
  }
  // Oldest first, so a hide then an unhide end unhidden.
  const changes = (out.Items ?? []).map((i) => unmarshall(i).change as Change).sort((a, b) => a.at.localeCompare(b.at));
  let applied = 0;
  for (const change of changes) if ((await updateMention(store, change)) === 'applied') applied++;
  return applied;
}

export async function getMention(store: Store, id: string): Promise<Mention | undefined> {
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(keys.mention(id)), ConsistentRead: true }));
    return out.Item ? fromItem(out.Item) : undefined;
  } catch (e) {
    throw storageDown(e);
  }
}

export interface MentionFilter {
  brand: string;
  platform?: string;
  intent?: string;
  sentiment?: string;
  status?: string;
  limit: number;
  cursor?: string;
}

/** Newest first, by brand (gsi1); the other filters narrow the page. The cursor is opaque to callers. */
export async function listMentions(store: Store, f: MentionFilter): Promise<{ items: Mention[]; cursor?: string }> {
  const names: Record<string, string> = { '#pk': 'gsi1pk' };
  const values: Record<string, unknown> = { ':pk': keys.brandTimeline(f.brand) };
  const filters: string[] = [];
  const add = (field: string, path: string, value: string | undefined) => {
    if (value === undefined) return;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    filters.push(`${path} = :${field}`);
  };
  add('platform', '#platform', f.platform);
  add('intent', '#intent', f.intent);
  add('status', '#status', f.status);
  if (f.sentiment) {
    names['#sentiment'] = 'sentiment';
    names['#label'] = 'label';
    values[':label'] = f.sentiment;
    filters.push('#sentiment.#label = :label');
  }
  const items: Mention[] = [];
  let start = decodeCursor(f.cursor);
  try {
    // A filtered page can come back short; keep reading until the page is full or the index ends.
    do {
      const out = await store.ddb.send(
        new QueryCommand({
          TableName: store.table,
          IndexName: 'gsi1',
          KeyConditionExpression: '#pk = :pk',
          FilterExpression: filters.length ? filters.join(' AND ') : undefined,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values),
          ScanIndexForward: false,
          Limit: f.limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) items.push(fromItem(item));
      start = out.LastEvaluatedKey;
    } while (start && items.length < f.limit);
  } catch (e) {
    throw storageDown(e);
  }
  return { items, cursor: start ? encodeCursor(start) : undefined };
}

const encodeCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

function decodeCursor(cursor: string | undefined) {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && 'pk' in key && 'gsi1pk' in key) return key;
  } catch {
    /* fall through */
  }
  throw new WecareError('bad_request', 'cursor: not a cursor this API returned');
}

const INTERNAL = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk', 'type', 'events', 'ttl'];

export function fromItem(item: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue>): Mention {
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
  const key = marshall(keys.mention(id));
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

/**
 * The sweep's turn at a parked change: apply it if its mention has landed (then the parked item
 * goes), else look again after another rescue period, until its TTL ends the wait.
 */
export async function retryParkedChange(store: Store, pk: string, eventId: string, now: Date): Promise<'applied' | 'waiting'> {
  const key = marshall({ pk, sk: `CHANGE#${eventId}` });
  let change: Change | undefined;
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: key, ConsistentRead: true }));
    change = out.Item ? (unmarshall(out.Item).change as Change) : undefined;
  } catch (e) {
    throw storageDown(e);
  }
  if (!change) return 'applied';
  const outcome = await updateMention(store, change);
  try {
    if (outcome === 'missing') {
      const due = rescueKeys(`${pk.slice('MENTION#'.length)}#${eventId}`, now.toISOString());
      await store.ddb.send(
        new UpdateItemCommand({ TableName: store.table, Key: key, UpdateExpression: 'SET gsi5pk = :pk, gsi5sk = :sk', ExpressionAttributeValues: marshall({ ':pk': due.gsi5pk, ':sk': due.gsi5sk }) }),
      );
      return 'waiting';
    }
    await store.ddb.send(new DeleteItemCommand({ TableName: store.table, Key: key }));
  } catch (e) {
    throw storageDown(e);
  }
  return 'applied';
}
