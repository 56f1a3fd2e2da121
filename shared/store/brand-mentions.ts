import { marshall } from '@aws-sdk/util-dynamodb';
import type { Mention } from '../mention.ts';
import type { Store } from './client.ts';
import { fromItem, mentionKeys } from './mentions.ts';
import { countAll, type QueryInput, queryAll } from './query.ts';

/**
 * A brand's mentions read in bulk, for figures rather than for one mention: by time from the
 * brand timeline (gsi1, sort key `<createdAt>#<id>`) and the open backlog from the SLA queue
 * (gsi4). Metrics, spike detection and response times read here.
 */

async function read(store: Store, input: QueryInput, maxItems: number): Promise<{ items: Mention[]; truncated: boolean }> {
  const { items, truncated } = await queryAll(store, input, maxItems);
  return { items: items.map(fromItem), truncated };
}

/** The brand's mentions created in [from, to], at most `maxItems` (then `truncated`). */
export function mentionsBetween(store: Store, brand: string, from: string, to: string, maxItems: number) {
  return read(
    store,
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: marshall({ ':pk': mentionKeys.brandTimeline(brand), ':from': from, ':to': `${to}\uffff` }),
    },
    maxItems,
  );
}

/** The open backlog, at most `maxItems` (then `truncated`). */
export function openMentions(store: Store, brand: string, maxItems: number) {
  return read(
    store,
    {
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk',
      ExpressionAttributeValues: marshall({ ':pk': mentionKeys.statusQueue(brand, 'open') }),
    },
    maxItems,
  );
}

/** How many customer mentions (not the brand's own) a brand received between two instants; counted, never read. */
export function countCustomerMentions(store: Store, brand: string, from: Date, to: Date): Promise<number> {
  return countAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    FilterExpression: 'attribute_not_exists(fromBrand)',
    ExpressionAttributeValues: marshall({ ':pk': mentionKeys.brandTimeline(brand), ':from': from.toISOString(), ':to': to.toISOString() }),
  });
}
