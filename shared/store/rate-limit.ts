import { createHash } from 'node:crypto';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { WecareError } from '../errors.ts';
import { isConditionFailure, storageDown } from './client.ts';
import type { Store } from './client.ts';

/**
 * A fixed-window counter in the table, shared by every Lambda instance (an in-memory limit would
 * be per instance). One conditional ADD per request; the window's item expires by TTL. The key is
 * hashed, so an address or IP never sits in the table in clear.
 */
export async function limitRate(store: Store, what: string, key: string, limit: number, windowSeconds: number, now: Date): Promise<void> {
  const window = Math.floor(now.getTime() / 1000 / windowSeconds);
  const id = createHash('sha256').update(`${what}:${key}`).digest('base64url').slice(0, 22);
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall({ pk: `RATE#${what}#${id}#${window}`, sk: 'RATE' }),
        UpdateExpression: 'ADD hits :one SET #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: marshall({ ':one': 1, ':limit': limit, ':ttl': (window + 2) * windowSeconds }),
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
    const retry = (window + 1) * windowSeconds - Math.floor(now.getTime() / 1000);
    throw new WecareError('rate_limited', `${what}: too many requests, retry in ${retry} s`);
  }
}
