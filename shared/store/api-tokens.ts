import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { isConditionFailure, type Item, type Store, storageDown } from './client.ts';
import { queryAll } from './query.ts';

/**
 * API tokens for integrations: pk `APITOKEN#<id>`, sk `APITOKEN`; listed through gsi1
 * (`APITOKENS`, `<createdAt>#<id>`). Only the secret's hash is stored (`hash`), and it leaves this
 * module only through `get`, for the check of a presented token.
 */
export interface ApiToken {
  id: string;
  name: string;
  role: string;
  brands: string[] | 'all';
  createdAt: string;
  createdBy: { type: string; id: string };
  lastUsedAt?: string;
  revokedAt?: string;
}

const keyOf = (id: string) => ({ pk: `APITOKEN#${id}`, sk: 'APITOKEN' });

function fromItem(item: Item): ApiToken {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, entity: _e, hash: _h, ...rest } = unmarshall(item);
  return rest as ApiToken;
}

/** A new token; its id is fresh and random, so an existing item means a bug, not a retry. */
export async function put(store: Store, token: ApiToken, hash: string): Promise<void> {
  const item = { ...keyOf(token.id), gsi1pk: 'APITOKENS', gsi1sk: `${token.createdAt}#${token.id}`, entity: 'api-token', ...token, hash };
  try {
    await store.ddb.send(new PutItemCommand({ TableName: store.table, Item: marshall(item, { removeUndefinedValues: true }), ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (e) {
    throw storageDown(e);
  }
}

/** The token and its secret's hash (consistent read: a revocation counts from the next request on). */
export async function get(store: Store, id: string): Promise<{ token: ApiToken; hash: string } | undefined> {
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(keyOf(id)), ConsistentRead: true }));
    if (!out.Item) return undefined;
    return { token: fromItem(out.Item), hash: String(unmarshall(out.Item).hash ?? '') };
  } catch (e) {
    throw storageDown(e);
  }
}

/** Every token, oldest first, without hashes (a deployment holds tens, not thousands). */
export async function list(store: Store): Promise<ApiToken[]> {
  const { items } = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: marshall({ ':pk': 'APITOKENS' }),
  });
  return items.map(fromItem);
}

/** Marks the token revoked (kept for the record); the first revocation's time stays. Undefined when there is no such token. */
export async function revoke(store: Store, id: string, at: string): Promise<ApiToken | undefined> {
  try {
    const out = await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keyOf(id)),
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: marshall({ ':at': at }),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes ? fromItem(out.Attributes) : undefined;
  } catch (e) {
    if (isConditionFailure(e)) return undefined;
    throw storageDown(e);
  }
}

/** Records a use, unless one at or after `notBefore` is already recorded (so at most one write a minute). */
export async function touch(store: Store, id: string, at: string, notBefore: string): Promise<void> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keyOf(id)),
        UpdateExpression: 'SET lastUsedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :nb)',
        ExpressionAttributeValues: marshall({ ':at': at, ':nb': notBefore }),
      }),
    );
  } catch (e) {
    if (isConditionFailure(e)) return;
    throw storageDown(e);
  }
}
