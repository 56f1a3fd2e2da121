import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type Store, storageDown } from './client.ts';

/**
 * The record of an erasure: pk `ERASURE#<at>#<subject prefix>`, sk `ERASURE`. The subject is a
 * keyed hash the privacy policy computes (shared/privacy/erase.ts), never the id itself.
 */
export async function recordErasure(store: Store, e: { platform: string; subject: string; scope: string[]; at: string; counts: Record<string, number> }): Promise<void> {
  const item = { pk: `ERASURE#${e.at}#${e.subject.slice(0, 16)}`, sk: 'ERASURE', type: 'erasure', platform: e.platform, subject: e.subject, scope: e.scope, at: e.at, ...e.counts };
  try {
    await store.ddb.send(new PutItemCommand({ TableName: store.table, Item: marshall(item) }));
  } catch (error) {
    throw storageDown(error);
  }
}
