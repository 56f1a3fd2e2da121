import { DeleteItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { WecareError } from '../errors.ts';
import { isConditionFailure, storageDown } from '../store/client.ts';
import type { Store } from '../store/mentions.ts';
import { queryIncidentItems } from './store.ts';
import { getSubscriber, key, strip, type Subscriber } from './subscribers.ts';

/** A webhook that echoed its challenge: from now on it is posted to. */
export async function activateWebhook(store: Store, brand: string, id: string): Promise<void> {
  await setState(store, brand, id, 'active', '#state = :pending');
}

/** A webhook that failed its challenge is not kept: it would only take a place under the cap. */
export async function removeSubscriber(store: Store, brand: string, id: string): Promise<void> {
  try {
    await store.ddb.send(new DeleteItemCommand({ TableName: store.table, Key: marshall(key(brand, id)) }));
  } catch (e) {
    throw storageDown(e);
  }
}

/** Webhook subscribers that are active or waiting for their challenge, for the per-brand cap. */
export async function countWebhooks(store: Store, brand: string): Promise<number> {
  const items = await queryIncidentItems(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
    FilterExpression: '#kind = :webhook AND #state <> :gone',
    ProjectionExpression: 'sk',
    ExpressionAttributeNames: { '#kind': 'type', '#state': 'state' },
    ExpressionAttributeValues: marshall({ ':pk': `SUBSCRIBERS#${brand}`, ':sub': 'SUB#', ':webhook': 'webhook', ':gone': 'unsubscribed' }),
  });
  return items.length;
}

/** What an admin sees of a subscriber: never a secret or token, and the address only in part. */
export interface SubscriberView {
  id: string;
  type: Subscriber['type'];
  state: Subscriber['state'];
  target: string;
  components: string[] | null;
  createdAt: string;
}

export async function listSubscribers(store: Store, brand: string): Promise<SubscriberView[]> {
  const items = await queryIncidentItems(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
    ExpressionAttributeValues: marshall({ ':pk': `SUBSCRIBERS#${brand}`, ':sub': 'SUB#' }),
  });
  return items.map((i) => view(strip(unmarshall(i))));
}

/** Admin removal: the subscriber is unsubscribed (kept, so a late confirm cannot revive it). */
export async function endSubscriber(store: Store, brand: string, id: string): Promise<Subscriber> {
  const current = await getSubscriber(store, brand, id);
  if (!current) throw new WecareError('not_found', `id: no subscriber ${id} for brand ${brand}`);
  await setState(store, brand, id, 'unsubscribed');
  return { ...strip(current), state: 'unsubscribed' };
}

function view(s: Subscriber): SubscriberView {
  return { id: s.id, type: s.type, state: s.state, target: masked(s), components: s.components ?? null, createdAt: s.createdAt };
}

/** Enough to recognise a subscriber, not enough to contact one: a webhook's origin (its path may hold a credential), an address's first letter and domain, a phone's last digits. */
function masked(s: Subscriber): string {
  if (s.type === 'webhook') {
    try {
      return new URL(s.address).origin;
    } catch {
      return '(invalid URL)';
    }
  }
  if (s.type === 'email') return s.address.replace(/^(.)[^@]*@/, '$1…@');
  return `…${s.address.slice(-3)}`;
}

async function setState(store: Store, brand: string, id: string, state: Subscriber['state'], condition?: string): Promise<void> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(key(brand, id)),
        UpdateExpression: 'SET #state = :s',
        ConditionExpression: `attribute_exists(pk)${condition ? ` AND ${condition}` : ''}`,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: marshall({ ':s': state, ...(condition ? { ':pending': 'pending' } : {}) }),
      }),
    );
  } catch (e) {
    if (isConditionFailure(e)) throw new WecareError('conflict', `id: subscriber ${id} is not pending`);
    throw storageDown(e);
  }
}
