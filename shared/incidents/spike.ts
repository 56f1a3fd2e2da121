import { marshall } from '@aws-sdk/util-dynamodb';
import type { Store } from '../store/mentions.ts';
import { countAll } from '../store/query.ts';
import { keys } from '../store/table.ts';

const WINDOW_MS = 15 * 60_000;
/** Baseline: the two hours before the window, as eight windows. */
const BASELINE_WINDOWS = 8;
const MIN_SPIKE = 5;
const FACTOR = 3;

/**
 * A spike: customers write in the last 15 minutes at least three times as much as in an average
 * quarter of the two hours before (and at least 5). During an incident a spike of complaints is
 * about the incident even when nobody names the component ("ik kan niks meer!").
 */
export async function mentionSpike(store: Store, brand: string, now: Date): Promise<boolean> {
  const t = now.getTime();
  const [recent, before] = await Promise.all([
    countBetween(store, brand, t - WINDOW_MS, t),
    countBetween(store, brand, t - WINDOW_MS * (BASELINE_WINDOWS + 1), t - WINDOW_MS),
  ]);
  return recent >= MIN_SPIKE && recent >= FACTOR * (before / BASELINE_WINDOWS);
}

function countBetween(store: Store, brand: string, from: number, to: number): Promise<number> {
  return countAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    FilterExpression: 'attribute_not_exists(fromBrand)',
    ExpressionAttributeValues: marshall({ ':pk': keys.brandTimeline(brand), ':from': new Date(from).toISOString(), ':to': new Date(to).toISOString() }),
  });
}
