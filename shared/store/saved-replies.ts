import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Actor } from '../case.ts';
import { isConditionFailure, type Store, storageDown } from './client.ts';
import { queryAll } from './query.ts';

/** A brand's saved reply in one language; `{name}`, `{case}` and `{caseLink}` are filled in per case. */
export interface SavedReply {
  id: string;
  brand: string;
  lang: string;
  title: string;
  text: string;
  updatedAt: string;
  updatedBy: Actor;
}

/** pk `SAVED#<brand>`, sk `REPLY#<id>`: one Query reads a brand's whole set (a few hundred at most). */
const key = (brand: string, id: string) => ({ pk: `SAVED#${brand}`, sk: `REPLY#${id}` });

export const MAX_SAVED_REPLIES = 500;

export async function putSavedReply(store: Store, r: SavedReply): Promise<void> {
  try {
    await store.ddb.send(new PutItemCommand({ TableName: store.table, Item: marshall({ ...key(r.brand, r.id), type: 'saved-reply', reply: r }) }));
  } catch (e) {
    throw storageDown(e);
  }
}

export async function listSavedReplies(store: Store, brand: string): Promise<SavedReply[]> {
  const { items } = await queryAll(store, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: marshall({ ':pk': key(brand, '').pk }) }, MAX_SAVED_REPLIES);
  return items.map((i) => unmarshall(i).reply as SavedReply).sort((a, b) => a.title.localeCompare(b.title));
}

/** `false` when there was no such reply. */
export async function deleteSavedReply(store: Store, brand: string, id: string): Promise<boolean> {
  try {
    await store.ddb.send(new DeleteItemCommand({ TableName: store.table, Key: marshall(key(brand, id)), ConditionExpression: 'attribute_exists(pk)' }));
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw storageDown(e);
  }
}
