import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { isConditionFailure, type Store, storageDown } from './client.ts';
import { incidentItems, incidentPartition, stripKeys } from './incidents.ts';

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

/** Takes the right to send this delivery for `leaseMs`, or says who has it and how it stands. */
export async function claim(store: Store, d: DeliveryKey & { target: string }, now: Date, leaseMs: number): Promise<Claim> {
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
          ':u': d.updateId,
          ':c': d.channel,
          ':t': d.target,
          ':s': d.subscriber ?? '-',
          ':at': now.toISOString(),
          ':lease': new Date(now.getTime() + leaseMs).toISOString(),
          ':e': 'delivery',
          ':one': 1,
          ':none': 'none',
        }),
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { claimed: true, attempts: Number(out.Attributes?.attempts?.N ?? 1), cutOff: out.Attributes?.previous?.S === 'sending' };
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
    const old = (e as { Item?: Parameters<typeof unmarshall>[0] }).Item;
    return { claimed: false, state: (old ? unmarshall(old).state : 'sending') as DeliveryState };
  }
}

/** Records how a claimed send ended; `sent` and `failed` are final, `retrying` lets the next receive claim again. */
export async function record(store: Store, d: DeliveryKey, state: Exclude<DeliveryState, 'sending'>, now: Date, error?: string): Promise<void> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keyOf(d)),
        UpdateExpression: error ? 'SET #state = :s, #at = :at, #error = :err' : 'SET #state = :s, #at = :at REMOVE #error',
        ExpressionAttributeNames: { '#state': 'state', '#at': 'at', '#error': 'error' },
        ExpressionAttributeValues: marshall({ ':s': state, ':at': now.toISOString(), ...(error ? { ':err': error.slice(0, 500) } : {}) }),
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
  type Stored = Delivery & { subscriber: string; leaseUntil?: string; entity?: string };
  const items = (await incidentItems(store, incidentId, 'DELIVERY#')).map((i) => stripKeys<Stored>(i));
  return items.map(({ leaseUntil: _l, entity: _e, target: _t, subscriber, error, ...d }) => ({
    ...d,
    target: subscriber !== '-' ? subscriber : d.channel,
    ...(subscriber !== '-' ? { subscriber } : {}),
    ...(error ? { error: error.replace(/^(HTTP \d{3}):[\s\S]*$/, '$1') } : {}),
  }));
}
