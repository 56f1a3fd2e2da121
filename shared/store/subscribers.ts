import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { isConditionFailure, type Item, type Store, storageDown } from './client.ts';
import { queryAll } from './query.ts';

/**
 * The status-subscriber entity: pk `SUBSCRIBERS#<brand>`, sk `SUB#<id>`, so a brand's subscribers
 * are one query. Opt-in and unsubscribe tokens are stored only as hashes (`confirmHash`,
 * `unsubscribeHash`), which never leave this module but through `get`.
 */
export interface Subscriber {
  id: string;
  brand: string;
  type: 'email' | 'phone' | 'webhook';
  address: string;
  /** Only updates touching these components (all when absent). */
  components?: string[];
  /** `suppressed`: the address bounced or complained, or the number is undeliverable: never sent to again. */
  state: 'pending' | 'active' | 'unsubscribed' | 'suppressed';
  /** nl or en: the language its e-mails and texts are written in (absent on subscribers from before; the brand's first then). */
  language?: string;
  /** Only updates of these impacts (all when absent); phones choose, as every text costs. */
  impacts?: string[];
  /** Why it was suppressed (a bounce type, a complaint, the SMS error), never the address. */
  suppressedReason?: string;
  suppressedAt?: string;
  /** Standard Webhooks secret (`whsec_…`), webhooks only. */
  secret?: string;
  /** The SNS subscription that delivers to an e-mail address or phone. */
  subscriptionArn?: string;
  createdAt: string;
}

/** What is stored beside the subscriber: the hashes its tokens are checked against. */
export interface TokenHashes {
  confirmHash?: string;
  unsubscribeHash: string;
}

const keyOf = (brand: string, id: string) => ({ pk: `SUBSCRIBERS#${brand}`, sk: `SUB#${id}` });

function fromItem(item: Item): Subscriber {
  const { pk: _pk, sk: _sk, entity: _e, confirmHash: _c, unsubscribeHash: _u, ...rest } = unmarshall(item);
  return rest as Subscriber;
}

/** A new subscriber; its id is fresh, so an existing item means a bug, not a retry. */
export async function add(store: Store, s: Subscriber, hashes: TokenHashes): Promise<void> {
  const item = { ...keyOf(s.brand, s.id), entity: 'subscriber', ...s, ...hashes };
  try {
    await store.ddb.send(new PutItemCommand({ TableName: store.table, Item: marshall(item, { removeUndefinedValues: true }), ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (e) {
    throw storageDown(e);
  }
}

/** The subscriber and its token hashes (for checking a token), or undefined. */
export async function get(store: Store, brand: string, id: string): Promise<{ subscriber: Subscriber; hashes: Partial<TokenHashes> } | undefined> {
  if (!id) return undefined;
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(keyOf(brand, id)), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const raw = unmarshall(out.Item);
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { subscriber: fromItem(out.Item), hashes: { confirmHash: str(raw.confirmHash), unsubscribeHash: str(raw.unsubscribeHash) } };
  } catch (e) {
    throw storageDown(e);
  }
}

/**
 * Moves an existing subscriber to `state`; with `from`, only out of that state. `false` when the
 * subscriber is gone (or not in `from`).
 */
export async function setState(store: Store, brand: string, id: string, state: Subscriber['state'], from?: Subscriber['state']): Promise<boolean> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keyOf(brand, id)),
        UpdateExpression: 'SET #state = :s',
        ConditionExpression: `attribute_exists(pk)${from ? ' AND #state = :from' : ''}`,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: marshall({ ':s': state, ...(from ? { ':from': from } : {}) }),
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw storageDown(e);
  }
}

/** Remembers the SNS subscription that now delivers to this subscriber (a removed one stays removed). */
export async function setSubscriptionArn(store: Store, brand: string, id: string, arn: string): Promise<void> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keyOf(brand, id)),
        UpdateExpression: 'SET subscriptionArn = :arn',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: marshall({ ':arn': arn }),
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
  }
}

export async function remove(store: Store, brand: string, id: string): Promise<void> {
  try {
    await store.ddb.send(new DeleteItemCommand({ TableName: store.table, Key: marshall(keyOf(brand, id)) }));
  } catch (e) {
    throw storageDown(e);
  }
}

/** Every subscriber of a brand (for admins and erasure). */
export async function list(store: Store, brand: string): Promise<Subscriber[]> {
  const { items } = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
    ExpressionAttributeValues: marshall({ ':pk': keyOf(brand, '').pk, ':sub': 'SUB#' }),
  });
  return items.map(fromItem);
}

/** Active webhook subscribers of a brand: who a broadcast posts to. */
export async function activeWebhooks(store: Store, brand: string): Promise<Subscriber[]> {
  const { items } = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
    FilterExpression: '#kind = :webhook AND #state = :active',
    ExpressionAttributeNames: { '#kind': 'type', '#state': 'state' },
    ExpressionAttributeValues: marshall({ ':pk': keyOf(brand, '').pk, ':sub': 'SUB#', ':webhook': 'webhook', ':active': 'active' }),
  });
  return items.map(fromItem);
}

/** What a subscriber chose on its manage page; an empty list means every component (or impact). */
export async function setPreferences(store: Store, brand: string, id: string, p: { components: string[]; impacts: string[]; language: string }): Promise<boolean> {
  const sets = ['#lang = :lang', ...(p.components.length ? ['components = :c'] : []), ...(p.impacts.length ? ['impacts = :i'] : [])];
  const removes = [...(p.components.length ? [] : ['components']), ...(p.impacts.length ? [] : ['impacts'])];
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keyOf(brand, id)),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#lang': 'language' },
        ExpressionAttributeValues: marshall({ ':lang': p.language, ...(p.components.length ? { ':c': p.components } : {}), ...(p.impacts.length ? { ':i': p.impacts } : {}) }),
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw storageDown(e);
  }
}

/** Active e-mail and phone subscribers of a brand: who a broadcast mails and texts. */
export async function activeContacts(store: Store, brand: string): Promise<Subscriber[]> {
  const { items } = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
    FilterExpression: '#kind IN (:email, :phone) AND #state = :active',
    ExpressionAttributeNames: { '#kind': 'type', '#state': 'state' },
    ExpressionAttributeValues: marshall({ ':pk': keyOf(brand, '').pk, ':sub': 'SUB#', ':email': 'email', ':phone': 'phone', ':active': 'active' }),
  });
  return items.map(fromItem);
}

/**
 * Suppresses a subscriber for good (a hard bounce, a complaint, an undeliverable number): its state
 * and the reason, in one write; `false` when it is gone. Unsubscribe and confirm never move it back.
 */
export async function suppress(store: Store, brand: string, id: string, reason: string, now: Date): Promise<boolean> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keyOf(brand, id)),
        UpdateExpression: 'SET #state = :s, suppressedReason = :r, suppressedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: marshall({ ':s': 'suppressed', ':r': reason.slice(0, 200), ':at': now.toISOString() }),
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw storageDown(e);
  }
}

/** Webhook subscribers that are active or waiting for their challenge, for the per-brand cap (keys only are read). */
export async function countWebhooks(store: Store, brand: string): Promise<number> {
  const { items } = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
    FilterExpression: '#kind = :webhook AND #state <> :gone',
    ProjectionExpression: 'sk',
    ExpressionAttributeNames: { '#kind': 'type', '#state': 'state' },
    ExpressionAttributeValues: marshall({ ':pk': keyOf(brand, '').pk, ':sub': 'SUB#', ':webhook': 'webhook', ':gone': 'unsubscribed' }),
  });
  return items.length;
}
