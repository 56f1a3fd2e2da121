import { DeleteItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Mention } from '../mention.ts';
import { type Store, storageDown } from './client.ts';
import { type Intent, intentPut } from './outbox.ts';

/**
 * The thank-you's guards, written with its intent in one transaction:
 * - the author's cool-down: pk `AUTHOR-THANKED#<brand>#<platform>#<authorId>`, sk `THANKED` (ttl);
 * - the brand's hourly cap: pk `THANKS-HOUR#<brand>#<yyyy-mm-ddThh>`, sk `COUNTER` (ttl).
 */
const DAY_MS = 86_400_000;

export const cooldownKey = (brand: string, platform: string, authorId: string) => ({ pk: `AUTHOR-THANKED#${brand}#${platform}#${authorId}`, sk: 'THANKED' });
/** The cap's window: the UTC hour, so DST never merges or splits an hour. */
const hourCounterKey = (brand: string, now: Date) => ({ pk: `THANKS-HOUR#${brand}#${now.toISOString().slice(0, 13)}`, sk: 'COUNTER' });

export type Reservation = 'reserved' | 'exists' | 'cool-down' | 'hourly cap';

/**
 * One transaction: create the thank-you intent, claim the author's cool-down and take one slot
 * of the brand's hourly cap. All or nothing, so a redelivery never counts twice and a capped
 * thank-you never burns the author's cool-down. TTL expires the guards; the conditions compare
 * times too, because DynamoDB deletes expired items only eventually.
 */
export async function reserveThankYou(
  store: Store,
  intent: Intent,
  m: Pick<Mention, 'brand' | 'platform' | 'author'>,
  policy: { cooldownDays: number; maxPerHour: number },
  now: Date,
): Promise<Reservation> {
  const until = new Date(now.getTime() + policy.cooldownDays * DAY_MS);
  const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
  try {
    await store.ddb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          intentPut(store, intent),
          {
            Put: {
              TableName: store.table,
              Item: marshall({ ...cooldownKey(m.brand, m.platform, m.author.id), type: 'cooldown', until: until.toISOString(), intentId: intent.id, ttl: epoch(until) }),
              ConditionExpression: 'attribute_not_exists(pk) OR #until < :now',
              ExpressionAttributeNames: { '#until': 'until' },
              ExpressionAttributeValues: marshall({ ':now': now.toISOString() }),
            },
          },
          {
            Update: {
              TableName: store.table,
              Key: marshall(hourCounterKey(m.brand, now)),
              UpdateExpression: 'ADD #sent :one SET #type = :type, #ttl = :ttl',
              ConditionExpression: 'attribute_not_exists(#sent) OR #sent < :max',
              ExpressionAttributeNames: { '#sent': 'sent', '#type': 'type', '#ttl': 'ttl' },
              ExpressionAttributeValues: marshall({ ':one': 1, ':max': policy.maxPerHour, ':type': 'counter', ':ttl': epoch(now) + 2 * 3600 }),
            },
          },
        ],
      }),
    );
    return 'reserved';
  } catch (e) {
    const reasons = (e as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
    if ((e as Error).name !== 'TransactionCanceledException' || !reasons) throw storageDown(e);
    const failed = (i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';
    if (failed(0)) return 'exists';
    if (failed(1)) return 'cool-down';
    if (failed(2)) return 'hourly cap';
    // A conflict with a concurrent transaction on the same items: let the caller retry.
    throw storageDown(e);
  }
}

/** Erasure: the author's cool-down with the brand goes (it names them); whether there was one. */
export async function dropCooldown(store: Store, brand: string, platform: string, authorId: string): Promise<boolean> {
  try {
    const out = await store.ddb.send(new DeleteItemCommand({ TableName: store.table, Key: marshall(cooldownKey(brand, platform, authorId)), ReturnValues: 'ALL_OLD' }));
    return out.Attributes !== undefined;
  } catch (e) {
    throw storageDown(e);
  }
}
