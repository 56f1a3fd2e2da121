import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PlatformEvent } from '../mention.ts';
import { isConditionFailure, type Store, storageDown } from './client.ts';
import { rescueKeys } from './due-index.ts';
import { mentionId, mentionKeys, UNKNOWN_BRAND } from './mentions.ts';
import { queryAll, type QueryInput } from './query.ts';

/**
 * Platform-side changes to a mention (edit, delete/hide, refetch), and the parked ones that came
 * before their mention: pk = the mention's pk, sk `CHANGE#<eventId>` (ttl), on the rescue index
 * (gsi5) so the sweep applies them should the mention's stream record never reach enrich.
 */
const CHANGE = 'CHANGE#';
const parkedKey = (id: string, eventId: string) => ({ pk: mentionKeys.item(id).pk, sk: `${CHANGE}${eventId}` });
const parkedOf = (id: string): QueryInput => ({
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :change)',
  ExpressionAttributeValues: marshall({ ':pk': mentionKeys.item(id).pk, ':change': CHANGE }),
  ConsistentRead: true,
});

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
  const id = mentionId(change.brand ?? UNKNOWN_BRAND, change.platform, change.externalId);
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
        Key: marshall(mentionKeys.item(id)),
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
  const id = mentionId(change.brand ?? UNKNOWN_BRAND, change.platform, change.externalId);
  // Also due for the sweep: should the mention's stream record never reach enrich, the sweep applies it.
  const due = rescueKeys(`${id}#${change.eventId}`, new Date().toISOString());
  const item = { ...parkedKey(id, change.eventId), type: 'parked-change', id: change.eventId, change, ...due, ttl: Math.floor(Date.now() / 1000) + PARK_DAYS * 86_400 };
  try {
    await store.ddb.send(new PutItemCommand({ TableName: store.table, Item: marshall(item, { removeUndefinedValues: true }) }));
  } catch (e) {
    throw storageDown(e);
  }
}

/** Applies the changes that arrived before this mention did (called from the stream on INSERT). */
export async function applyParkedChanges(store: Store, id: string): Promise<number> {
  const { items } = await queryAll(store, parkedOf(id));
  // Oldest first, so a hide then an unhide end unhidden.
  const changes = items.map((i) => unmarshall(i).change as Change).sort((a, b) => a.at.localeCompare(b.at));
  let applied = 0;
  for (const change of changes) if ((await updateMention(store, change)) === 'applied') applied++;
  return applied;
}

/**
 * The sweep's turn at a parked change: apply it if its mention has landed (then the parked item
 * goes), else look again after another rescue period, until its TTL ends the wait.
 */
export async function retryParkedChange(store: Store, pk: string, eventId: string, now: Date): Promise<'applied' | 'waiting'> {
  const key = marshall({ pk, sk: `${CHANGE}${eventId}` });
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
      const due = rescueKeys(`${pk.slice(mentionKeys.item('').pk.length)}#${eventId}`, now.toISOString());
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

/** Erasure: the changes parked for this mention go (an edit carries the author's words); how many. */
export async function dropParkedChanges(store: Store, id: string): Promise<number> {
  const { items } = await queryAll(store, parkedOf(id));
  try {
    for (const item of items) await store.ddb.send(new DeleteItemCommand({ TableName: store.table, Key: { pk: item.pk!, sk: item.sk! } }));
  } catch (e) {
    throw storageDown(e);
  }
  return items.length;
}
