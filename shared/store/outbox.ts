import { GetItemCommand, PutItemCommand, type TransactWriteItem, UpdateItemCommand, type UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { OutboundMessage } from '../mention.ts';
import { isConditionFailure, type Item, type Store, storageDown } from './client.ts';
import { dueKeys } from './due-index.ts';
import { queryAll } from './query.ts';

/**
 * An outbox intent: one reply wecare means to post, keyed deterministically so the same
 * decision made twice is one item. Life: pending → sending (claimed with a lease) → sent, or back
 * to pending with a due retry, or failed after the last try. `skipped` and `dry-run` record a
 * decision not to send (with its reason) and are final too.
 */
export type IntentState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'dry-run';

export interface Intent {
  id: string;
  flow: string;
  brand: string;
  mentionId: string;
  platform: string;
  message?: OutboundMessage;
  state: IntentState;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  leaseUntil?: string;
  nextAttemptAt?: string;
  replyId?: string;
  sentAt?: string;
  reason?: string;
  lastError?: string;
  /** The last send may have reached the platform (its lookup failed): the next claim checks first. */
  uncertain?: boolean;
}

/** pk `OUTBOX#<intentId>` / sk `OUTBOX`; gsi1 `OUTBOX#<brand>` / `<createdAt>#<id>`; on the due index while pending or sending. */
export const outboxKey = (id: string) => ({ pk: `OUTBOX#${id}`, sk: 'OUTBOX' });
const brandOutbox = (brand: string) => `OUTBOX#${brand}`;
/** The intent's name on the due index (its pk). */
const dueName = (id: string) => outboxKey(id).pk;

/** A pending intent whose creator dies before claiming it is found by the sweep after this. */
const ORPHAN_AFTER_MS = 2 * 60_000;

function intentItem(i: Intent) {
  const orphan = i.state === 'pending' ? dueKeys(dueName(i.id), new Date(Date.parse(i.createdAt) + ORPHAN_AFTER_MS).toISOString()) : {};
  return marshall(
    { ...outboxKey(i.id), type: 'outbox', gsi1pk: brandOutbox(i.brand), gsi1sk: `${i.createdAt}#${i.id}`, ...orphan, ...i },
    { removeUndefinedValues: true },
  );
}

function fromItem(item: Item): Intent {
  const { pk, sk, type, gsi1pk, gsi1sk, gsi5pk, gsi5sk, ...rest } = unmarshall(item);
  return rest as Intent;
}

/** The conditional create as a transaction part, so the store can tie it to a flow's guards (thank-you-guards.ts). */
export function intentPut(store: Store, intent: Intent): TransactWriteItem {
  return { Put: { TableName: store.table, Item: intentItem(intent), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Creates the intent unless it exists; returns the stored one either way. */
export async function createIntent(store: Store, intent: Intent): Promise<{ created: boolean; intent: Intent }> {
  try {
    await store.ddb.send(
      new PutItemCommand({
        TableName: store.table,
        Item: intentItem(intent),
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { created: true, intent };
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
    const old = (e as { Item?: Item }).Item;
    return { created: false, intent: old ? fromItem(old) : ((await getIntent(store, intent.id)) ?? intent) };
  }
}

export async function getIntent(store: Store, id: string): Promise<Intent | undefined> {
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(outboxKey(id)), ConsistentRead: true }));
    return out.Item ? fromItem(out.Item) : undefined;
  } catch (e) {
    throw storageDown(e);
  }
}

type Update = Omit<UpdateItemCommandInput, 'TableName' | 'Key'>;

async function update(store: Store, id: string, input: Update): Promise<Intent | undefined> {
  try {
    const out = await store.ddb.send(new UpdateItemCommand({ TableName: store.table, Key: marshall(outboxKey(id)), ReturnValues: 'ALL_NEW', ...input }));
    return fromItem(out.Attributes!);
  } catch (e) {
    if (isConditionFailure(e)) return undefined;
    throw storageDown(e);
  }
}

/**
 * Claims the intent for one send attempt: pending and due, or `sending` whose lease ran out
 * (the sender died between send and mark, or a send's outcome is still `uncertain`; `recovered`
 * tells the caller to check before sending).
 * Undefined when someone else holds it, it is not due, or it is final.
 */
export async function claimIntent(store: Store, id: string, now: Date, leaseMs: number, ignoreDue = false) {
  const at = now.toISOString();
  const lease = new Date(now.getTime() + leaseMs).toISOString();
  // The due key follows the lease: if this sender dies, the sweep finds the intent when it expires.
  const due = dueKeys(dueName(id), lease);
  const notYet = ignoreDue ? '' : ' AND (attribute_not_exists(nextAttemptAt) OR nextAttemptAt <= :now)';
  const claimed = await update(store, id, {
    UpdateExpression:
      'SET #state = :sending, leaseUntil = :lease, updatedAt = :now, previous = #state, gsi5pk = :g5pk, gsi5sk = :g5sk ADD attempts :one',
    ConditionExpression: `(#state = :pending${notYet}) OR (#state = :sending AND leaseUntil < :now)`,
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: marshall({
      ':sending': 'sending', ':pending': 'pending', ':now': at, ':one': 1, ':lease': lease, ':g5pk': due.gsi5pk, ':g5sk': due.gsi5sk,
    }),
  });
  if (!claimed) return undefined;
  const { previous, ...intent } = claimed as Intent & { previous?: string };
  return { intent: intent as Intent, recovered: previous === 'sending' || (intent as Intent).uncertain === true };
}

/** Only the holder of attempt `attempt` may finish it: a late sender never overwrites a newer outcome. */
const held = { ConditionExpression: '#state = :sending AND attempts = :attempt', names: { '#state': 'state' } };

export function markSent(store: Store, id: string, attempt: number, replyId: string, now: Date) {
  return update(store, id, {
    UpdateExpression: 'SET #state = :sent, replyId = :reply, sentAt = :now, updatedAt = :now REMOVE leaseUntil, nextAttemptAt, previous, uncertain, gsi5pk, gsi5sk',
    ConditionExpression: held.ConditionExpression,
    ExpressionAttributeNames: held.names,
    ExpressionAttributeValues: marshall({ ':sent': 'sent', ':sending': 'sending', ':reply': replyId, ':now': now.toISOString(), ':attempt': attempt }),
  });
}

/** Back to pending with a due retry on gsi5, so the sweep retries it even if no queue redelivers. */
export function markRetry(store: Store, id: string, attempt: number, error: string, retryAt: Date, now: Date, uncertain = false) {
  const due = dueKeys(dueName(id), retryAt.toISOString());
  return update(store, id, {
    UpdateExpression:
      `SET #state = :pending, lastError = :error, nextAttemptAt = :retry, updatedAt = :now, gsi5pk = :g5pk, gsi5sk = :g5sk${uncertain ? ', uncertain = :true' : ''} REMOVE leaseUntil, previous${uncertain ? '' : ', uncertain'}`,
    ConditionExpression: held.ConditionExpression,
    ExpressionAttributeNames: held.names,
    ExpressionAttributeValues: marshall({
      ':pending': 'pending', ':sending': 'sending', ':error': error.slice(0, 500), ':retry': retryAt.toISOString(),
      ':now': now.toISOString(), ':attempt': attempt, ':g5pk': due.gsi5pk, ':g5sk': due.gsi5sk, ...(uncertain ? { ':true': true } : {}),
    }),
  });
}

export function markFailed(store: Store, id: string, attempt: number, error: string, now: Date) {
  return update(store, id, {
    UpdateExpression: 'SET #state = :failed, lastError = :error, updatedAt = :now REMOVE leaseUntil, nextAttemptAt, previous, uncertain, gsi5pk, gsi5sk',
    ConditionExpression: held.ConditionExpression,
    ExpressionAttributeNames: held.names,
    ExpressionAttributeValues: marshall({ ':failed': 'failed', ':sending': 'sending', ':error': error.slice(0, 500), ':now': now.toISOString(), ':attempt': attempt }),
  });
}

/**
 * An operator's retry of a failed intent: pending again with a fresh budget. A DLQ redrive replays
 * the message that creates it, so it needs no due key; `due` puts it on the sweep's index instead
 * (a reply whose retries the sweep ran, which no queue holds).
 */
export function reopenFailed(store: Store, id: string, now: Date, opts: { due?: boolean } = {}) {
  const due = dueKeys(dueName(id), now.toISOString());
  return update(store, id, {
    UpdateExpression: `SET #state = :pending, attempts = :zero, updatedAt = :now${opts.due ? ', gsi5pk = :g5pk, gsi5sk = :g5sk' : ''} REMOVE nextAttemptAt`,
    ConditionExpression: '#state = :failed',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: marshall({
      ':pending': 'pending', ':failed': 'failed', ':zero': 0, ':now': now.toISOString(), ...(opts.due ? { ':g5pk': due.gsi5pk, ':g5sk': due.gsi5sk } : {}),
    }),
  });
}

/** A brand's failed intents created since `from` (ISO): what `npm run redrive -- failed-replies` reopens. */
export async function failedIntents(store: Store, brand: string, from: string): Promise<Intent[]> {
  const { items } = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :from',
    FilterExpression: '#state = :failed',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: marshall({ ':pk': brandOutbox(brand), ':from': from, ':failed': 'failed' }),
  });
  return items.map(fromItem);
}

/** A brand's intents created in [from, to] (ISO), for counts in the metrics. */
export async function listIntents(store: Store, brand: string, from: string, to: string): Promise<Intent[]> {
  const { items } = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: marshall({ ':pk': brandOutbox(brand), ':from': from, ':to': `${to}\uffff` }),
  });
  return items.map(fromItem);
}

/**
 * Erasure: the brand's intents answering these mentions or addressed to this recipient keep their
 * state (counts) and lose their words and address. How many were touched.
 */
export async function eraseIntentsTo(store: Store, brand: string, mentionIds: Set<string>, recipient: string): Promise<number> {
  const { items } = await queryAll(store, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: marshall({ ':pk': brandOutbox(brand) }) });
  let count = 0;
  for (const intent of items.map(fromItem)) {
    if (!mentionIds.has(intent.mentionId) && intent.message?.recipient !== recipient) continue;
    try {
      await store.ddb.send(
        new UpdateItemCommand({
          TableName: store.table,
          Key: marshall(outboxKey(intent.id)),
          UpdateExpression: 'REMOVE message, lastError SET erased = :true',
          ExpressionAttributeValues: marshall({ ':true': true }),
        }),
      );
    } catch (e) {
      throw storageDown(e);
    }
    count++;
  }
  return count;
}
