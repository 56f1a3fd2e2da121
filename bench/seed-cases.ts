import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import type { Case } from '../shared/case.ts';
import { caseItem } from '../shared/store/cases.ts';
import type { Store } from '../shared/store/client.ts';
import { drive } from './stats.ts';

/**
 * `count` cases as the store writes them (caseItem: keys, queue keys, search text, the case), 25
 * per BatchWriteItem, 16 batches in flight: a 100,000-case queue in minutes, not the quarter hour
 * one conditional write per case takes on DynamoDB Local.
 */
export async function writeCases(store: Store, count: number, caseOf: (i: number) => Case): Promise<void> {
  await drive(Math.ceil(count / 25), 16, async (b) => {
    let requests = { [store.table]: Array.from({ length: Math.min(25, count - b * 25) }, (_, k) => ({ PutRequest: { Item: caseItem(caseOf(b * 25 + k)) } })) };
    // DynamoDB may hand back part of a batch under load: resend what it did not take.
    while (requests[store.table]?.length) {
      const out = await store.ddb.send(new BatchWriteItemCommand({ RequestItems: requests }));
      requests = (out.UnprocessedItems ?? {}) as typeof requests;
    }
  });
}
