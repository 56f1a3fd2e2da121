import { queryAll } from '../store/query.ts';
import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Mention } from '../mention.ts';
import { storageDown } from '../store/client.ts';
import { fromItem, type Store } from '../store/mentions.ts';
import { type Intent, intentPut } from '../store/outbox.ts';
import { keys } from '../store/table.ts';
import { hourBucket } from './thank-you-rules.ts';

const DAY_MS = 86_400_000;

export const cooldownKey = (brand: string, platform: string, authorId: string) => ({
  pk: `AUTHOR-THANKED#${brand}#${platform}#${authorId}`,
  sk: 'THANKED',
});

export const hourCounterKey = (brand: string, now: Date) => ({ pk: `THANKS-HOUR#${brand}#${hourBucket(now)}`, sk: 'COUNTER' });

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
  m: Mention,
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

/** Every mention of the conversation (gsi2); other item types never carry gsi2 keys. */
export async function conversationMentions(store: Store, conversationId: string): Promise<Mention[]> {
  const { items } = await queryAll(store, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: marshall({ ':pk': keys.conversation(conversationId) }),
  });
  return items.map(fromItem);
}
