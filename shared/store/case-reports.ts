import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Case, CaseEvent } from '../case.ts';
import { caseFromItem, caseKeys } from './cases.ts';
import type { Store } from './client.ts';
import { queryAll } from './query.ts';
import { scatterPage } from './scatter.ts';

/**
 * Cases read in bulk for figures (shared/metrics): from the brand's sharded queue (gsi4, projected
 * whole, so no second read): every active case (the backlog), and the closed ones updated since
 * `from`, newest first, stopping past `from` (a case closed earlier and untouched since has nothing
 * to say about the period). At most `max` in all, then `truncated`.
 */
export async function casesForReport(store: Store, brand: string, from: string, max: number): Promise<{ cases: Case[]; truncated: boolean }> {
  const active = await scatterPage(store, { index: 'gsi4', partitions: caseKeys.queues(brand, 'active'), pageSize: 1000 }, max);
  const room = max - active.items.length;
  const closed = room > 0 ? await scatterPage(store, { index: 'gsi4', partitions: caseKeys.queues(brand, 'closed'), descending: true, above: from, pageSize: 1000 }, room) : { items: [], more: true };
  return { cases: [...active.items, ...closed.items].map(caseFromItem), truncated: active.more || closed.more };
}

/** A case's events up to `to`, oldest first: the `EVENT#` items only (never the case or its notes). */
export async function caseEventsUntil(store: Store, id: string, to: string): Promise<CaseEvent[]> {
  const { items } = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
    ExpressionAttributeValues: marshall({ ':pk': caseKeys.item(id).pk, ':first': 'EVENT#', ':last': caseKeys.event(id, { at: to, id: '\uffff' }).sk }),
    ProjectionExpression: 'event',
  });
  return items.map((i) => unmarshall(i).event as CaseEvent);
}
