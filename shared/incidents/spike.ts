import { countCustomerMentions } from '../store/brand-mentions.ts';
import type { Store } from '../store/client.ts';

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
    countCustomerMentions(store, brand, new Date(t - WINDOW_MS), new Date(t)),
    countCustomerMentions(store, brand, new Date(t - WINDOW_MS * (BASELINE_WINDOWS + 1)), new Date(t - WINDOW_MS)),
  ]);
  return recent >= MIN_SPIKE && recent >= FACTOR * (before / BASELINE_WINDOWS);
}

