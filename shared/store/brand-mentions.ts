import { marshall } from '@aws-sdk/util-dynamodb';
import type { Mention } from '../mention.ts';
import type { Store } from './client.ts';
import { fromItem, mentionKeys } from './mentions.ts';
import { countAll } from './query.ts';
import { getByKeys, scatterPage } from './scatter.ts';

/**
 * A brand's mentions read in bulk, for figures rather than for one mention: by time from the
 * sharded brand timeline (gsi6, sort key `<createdAt>#<id>`), the items by BatchGet. Metrics,
 * spike detection and response times read here.
 */

/** The brand's mentions created in [from, to], at most `maxItems` (then `truncated`). */
export async function mentionsBetween(store: Store, brand: string, from: string, to: string, maxItems: number): Promise<{ items: Mention[]; truncated: boolean }> {
  const page = await scatterPage(store, { index: 'gsi6', partitions: mentionKeys.brandTimelines(brand), above: from, below: `${to}\uffff`, pageSize: 1000 }, maxItems);
  const items = await getByKeys(store, page.items.map((i) => mentionKeys.item(i.id!.S!)));
  return { items: items.map(fromItem), truncated: page.more };
}

/** How many customer mentions (not the brand's own) a brand received between two instants; counted, never read. */
export async function countCustomerMentions(store: Store, brand: string, from: Date, to: Date): Promise<number> {
  const counts = await Promise.all(
    mentionKeys.brandTimelines(brand).map((pk) =>
      countAll(store, {
        IndexName: 'gsi6',
        KeyConditionExpression: 'gsi6pk = :pk AND gsi6sk BETWEEN :from AND :to',
        FilterExpression: 'attribute_not_exists(fromBrand)',
        ExpressionAttributeValues: marshall({ ':pk': pk, ':from': from.toISOString(), ':to': to.toISOString() }),
      }),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}
