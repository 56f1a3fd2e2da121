import { marshall } from '@aws-sdk/util-dynamodb';
import type { Store } from './client.ts';
import { mentionKeys } from './mentions.ts';
import { countAll } from './query.ts';

/**
 * Open mentions of a brand past their SLA due time, from the SLA queue index (gsi4) — not the
 * ones an active incident holds (their clock is paused). Counted, never read: cost grows with
 * the breaches, not the backlog.
 */
export function countBreaches(store: Store, brand: string, now: Date): Promise<number> {
  return countAll(store, {
    IndexName: 'gsi4',
    KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk < :now',
    FilterExpression: 'attribute_not_exists(slaPausedAt)',
    ExpressionAttributeValues: marshall({ ':pk': mentionKeys.statusQueue(brand, 'open'), ':now': now.toISOString() }),
  });
}
