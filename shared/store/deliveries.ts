import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { isConditionFailure, type Item, type Store, storageDown } from './client.ts';
import { incidentItems, incidentPartition, stripKeys } from './incidents.ts';
import { queryAll } from './query.ts';
import { getByKeys } from './scatter.ts';

/**
 * The delivery entity: one per (update id, channel, subscriber), pk `INCIDENT#<incidentId>`,
 * sk `DELIVERY#<updateId>#<channel>#<subscriber|->`, next to the incident so the operator's list
 * is one query. The claim is a conditional write: only the first receiver of a message (or a
 * retry after `retrying`, or after a crashed sender's lease ran out) gets to send.
 */
export type DeliveryState = 'sending' | 'sent' | 'retrying' | 'failed';

export interface Delivery {
  updateId: string;
  channel: string;
  target: string;
  subscriber?: string;
  state: DeliveryState;
  attempts: number;
  at: string;
  error?: string;
  /** A platform post's id (X post, Facebook post or comment), kept so later updates thread under the first. */
  remoteId?: string;
  /** The post this one replied to (absent on the first post of an incident's thread). */
  inReplyTo?: string;
}

export interface DeliveryKey {
  incidentId: string;
  updateId: string;
  channel: string;
  subscriber?: string;
}

const keyOf = (d: DeliveryKey) => ({ pk: incidentPartition(d.incidentId), sk: `DELIVERY#${d.updateId}#${d.channel}#${d.subscriber ?? '-'}` });

/** `cutOff`: the previous sender's lease ran out mid-send, so its post may be up. */
export type Claim = { claimed: true; attempts: number; cutOff: boolean } | { claimed: false; state: DeliveryState };

/**
 * Takes the right to send this delivery for `leaseMs`, or says who has it and how it stands.
 * Nearly every claim is a delivery's first: a conditional Put (no item yet) takes it in one cheap
 * write. Only when an item is there and may be taken over (`retrying`, or a `sending` whose lease
 * ran out) does the conditional Update below run, which re-checks that atomically; the old item
 * the failed Put returns only spares that second write when nothing can be taken.
 */
export async function claim(store: Store, d: DeliveryKey & { target: string }, now: Date, leaseMs: number): Promise<Claim> {
  const lease = new Date(now.getTime() + leaseMs).toISOString();
  const fields = { updateId: d.updateId, channel: d.channel, target: d.target, subscriber: d.subscriber ?? '-', at: now.toISOString(), leaseUntil: lease, entity: 'delivery' };
  try {
    await store.ddb.send(
      new PutItemCommand({
        TableName: store.table,
        Item: marshall({ ...keyOf(d), ...fields, previous: 'none', state: 'sending', attempts: 1 }),
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { claimed: true, attempts: 1, cutOff: false };
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
    const old = oldItem(e);
    const takeable = !old || old.state === 'retrying' || (old.state === 'sending' && String(old.leaseUntil) < fields.at);
    return takeable ? claimAgain(store, d, fields) : { claimed: false, state: old.state as DeliveryState };
  }
}

const oldItem = (e: unknown) => {
  const item = (e as { Item?: Parameters<typeof unmarshall>[0] }).Item;
  return item ? unmarshall(item) : undefined;
};

/** A retry, or the takeover of a sender whose lease ran out: the state the item is in decides, atomically. */
async function claimAgain(store: Store, d: DeliveryKey, f: Record<'updateId' | 'channel' | 'target' | 'subscriber' | 'at' | 'leaseUntil' | 'entity', string>): Promise<Claim> {
  try {
    const out = await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keyOf(d)),
        // `previous`: a `sending` taken over after its lease ran out was cut off mid-send.
        UpdateExpression:
          'SET previous = if_not_exists(#state, :none), #state = :sending, updateId = :u, channel = :c, target = :t, subscriber = :s, #at = :at, leaseUntil = :lease, entity = :e ADD attempts :one',
        ConditionExpression: 'attribute_not_exists(pk) OR #state = :retrying OR (#state = :sending AND leaseUntil < :at)',
        ExpressionAttributeNames: { '#state': 'state', '#at': 'at' },
        ExpressionAttributeValues: marshall({
          ':sending': 'sending',
          ':retrying': 'retrying',
          ':none': 'none',
          ':one': 1,
          ':u': f.updateId,
          ':c': f.channel,
          ':t': f.target,
          ':s': f.subscriber,
          ':at': f.at,
          ':lease': f.leaseUntil,
          ':e': f.entity,
        }),
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { claimed: true, attempts: Number(out.Attributes?.attempts?.N ?? 1), cutOff: out.Attributes?.previous?.S === 'sending' };
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
    return { claimed: false, state: (oldItem(e)?.state ?? 'sending') as DeliveryState };
  }
}

/**
 * Records how a claimed send ended; `sent` and `failed` are final, `retrying` lets the next receive
 * claim again. `post`: a platform post's id and the post it replied to (threadRoot reads them).
 */
export async function record(
  store: Store,
  d: DeliveryKey,
  state: Exclude<DeliveryState, 'sending'>,
  now: Date,
  error?: string,
  post?: { remoteId?: string; inReplyTo?: string },
): Promise<void> {
  const extra: Record<string, string> = {};
  if (post?.remoteId) extra.remoteId = post.remoteId.slice(0, 200);
  if (post?.inReplyTo) extra.inReplyTo = post.inReplyTo.slice(0, 200);
  const sets = Object.keys(extra).map((k) => `#${k} = :${k}`);
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keyOf(d)),
        UpdateExpression: `SET ${['#state = :s', '#at = :at', ...(error ? ['#error = :err'] : []), ...sets].join(', ')}${error ? '' : ' REMOVE #error'}`,
        ExpressionAttributeNames: { '#state': 'state', '#at': 'at', '#error': 'error', ...Object.fromEntries(Object.keys(extra).map((k) => [`#${k}`, k])) },
        ExpressionAttributeValues: marshall({
          ':s': state,
          ':at': now.toISOString(),
          ...(error ? { ':err': error.slice(0, 500) } : {}),
          ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`:${k}`, v])),
        }),
      }),
    );
  } catch (e) {
    throw storageDown(e);
  }
}

/**
 * Every delivery of every update of an incident, for the operator (GET /api/incidents/:id/deliveries).
 * `target` is the channel's id or the subscriber's id, never a URL; an error is ours (status code,
 * network cause), never a target's answer. Records written before this rule are cleaned on the way out.
 */
export async function list(store: Store, incidentId: string): Promise<Delivery[]> {
  return (await incidentItems(store, incidentId, 'DELIVERY#')).map(deliveryOf);
}

type Stored = Delivery & { subscriber: string; leaseUntil?: string; entity?: string };
function deliveryOf(item: Item): Delivery {
  const { leaseUntil: _l, entity: _e, target: _t, subscriber, error, ...d } = stripKeys<Stored>(item);
  return {
    ...d,
    target: subscriber !== '-' ? subscriber : d.channel,
    ...(subscriber !== '-' ? { subscriber } : {}),
    ...(error ? { error: error.replace(/^(HTTP \d{3}):[\s\S]*$/, '$1') } : {}),
  };
}

/**
 * The deliveries of the given updates to the brand's configured channels, read by key: an
 * incident with ten thousand e-mail subscribers still costs one BatchGet per hundred channel rows
 * (the incident page polls this every few seconds).
 */
export async function channelDeliveries(store: Store, incidentId: string, updateIds: string[], channels: string[]): Promise<Delivery[]> {
  const keys = updateIds.flatMap((updateId) => channels.map((channel) => keyOf({ incidentId, updateId, channel })));
  return (await getByKeys(store, keys, true)).map(deliveryOf);
}

export interface SubscriberTally {
  updateId: string;
  /** The subscriber channel: e-mail, SMS, a subscriber webhook. */
  channel: string;
  counts: Partial<Record<DeliveryState, number>>;
}

/**
 * Subscriber deliveries counted per update, channel and state, for the incident page: two small
 * fields projected, at most `maxItems` read (then `truncated`), never a row per subscriber.
 */
export async function subscriberTally(store: Store, incidentId: string, updateIds: string[], maxItems = 20_000): Promise<{ tallies: SubscriberTally[]; truncated: boolean }> {
  const tallies = new Map<string, SubscriberTally>();
  let left = maxItems;
  let truncated = false;
  for (const updateId of updateIds) {
    if (left <= 0) {
      truncated = true;
      break;
    }
    const page = await queryAll(
      store,
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#subscriber <> :none',
        ProjectionExpression: '#channel, #state',
        ExpressionAttributeNames: { '#subscriber': 'subscriber', '#channel': 'channel', '#state': 'state' },
        ExpressionAttributeValues: marshall({ ':pk': incidentPartition(incidentId), ':prefix': `DELIVERY#${updateId}#`, ':none': '-' }),
      },
      { maxItems: left, exact: true },
    );
    left -= page.items.length;
    truncated ||= page.truncated;
    for (const i of page.items) {
      const { channel, state } = unmarshall(i) as { channel: string; state: DeliveryState };
      const t = tallies.get(`${updateId}#${channel}`) ?? tallies.set(`${updateId}#${channel}`, { updateId, channel, counts: {} }).get(`${updateId}#${channel}`)!;
      t.counts[state] = (t.counts[state] ?? 0) + 1;
    }
  }
  return { tallies: [...tallies.values()], truncated };
}

/**
 * The remote id of the first post an incident got on one channel (a sent delivery with a remote id
 * that replied to nothing): later updates of the incident reply to it (X) or comment on it (Facebook).
 */
export async function threadRoot(store: Store, incidentId: string, channel: string): Promise<string | undefined> {
  const roots = (await incidentItems(store, incidentId, 'DELIVERY#'))
    .map((i) => stripKeys<Delivery & { subscriber: string }>(i))
    .filter((d) => d.channel === channel && d.subscriber === '-' && d.state === 'sent' && d.remoteId && !d.inReplyTo)
    .sort((a, b) => a.at.localeCompare(b.at));
  return roots[0]?.remoteId;
}

/**
 * An operator's retry of one delivery: `failed`, or stuck `sending`/`retrying` past its lease (a
 * sender that died mid-send), becomes `retrying`, conditionally, so of two clicks (or a click and
 * a DLQ redrive) only one reopens it; the sender's own claim then takes it (and a cut-off post is
 * not posted blindly: deliver-once.ts). False when there is nothing to retry (sent meanwhile, a
 * live lease, or no such delivery).
 */
export async function reopenForRetry(store: Store, d: DeliveryKey, now: Date): Promise<boolean> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keyOf(d)),
        UpdateExpression: 'SET #state = :retrying, #at = :at',
        ConditionExpression: '#state = :failed OR (#state IN (:sending, :retrying) AND leaseUntil < :at)',
        ExpressionAttributeNames: { '#state': 'state', '#at': 'at' },
        ExpressionAttributeValues: marshall({ ':retrying': 'retrying', ':failed': 'failed', ':sending': 'sending', ':at': now.toISOString() }),
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw storageDown(e);
  }
}
