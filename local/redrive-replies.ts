import type { Brands } from '../shared/config/load.ts';
import { OUTCOME_UNKNOWN } from '../shared/flows/outbox.ts';
import type { Store } from '../shared/store/client.ts';
import { failedIntents, reopenFailed } from '../shared/store/outbox.ts';

export interface RepliesRedriveReport {
  reopened: number;
  /** Failed replies that may have been posted (a timeout, a sender cut off): left for a person to check. */
  unknownLeft: number;
}

/**
 * `npm run redrive -- failed-replies [--days N] [--unknown]`. A reply whose retries ran in the
 * minute sweep (a platform outage longer than the inline retries) fails in the outbox, not in a
 * queue, so no DLQ holds it: the `RepliesFailed` alarm says so. This puts every failed intent of
 * the last days back on the sweep's due index with a fresh budget; the sweep sends each once
 * (the intent id is the exactly-once gate). Replies whose outcome is unknown are left alone
 * unless `--unknown`: check the platform first, or the customer may get the answer twice.
 */
export async function redriveFailedReplies(
  deps: { store: Store; brands: Brands; now: () => Date },
  opts: { days?: number; includeUnknown?: boolean } = {},
): Promise<RepliesRedriveReport> {
  const report: RepliesRedriveReport = { reopened: 0, unknownLeft: 0 };
  const since = new Date(deps.now().getTime() - (opts.days ?? 7) * 86_400_000).toISOString();
  for (const brand of deps.brands.all) {
    for (const intent of await failedIntents(deps.store, brand.id, since)) {
      if (intent.lastError?.startsWith(OUTCOME_UNKNOWN) && !opts.includeUnknown) {
        report.unknownLeft++;
        continue;
      }
      if (await reopenFailed(deps.store, intent.id, deps.now(), { due: true })) report.reopened++;
    }
  }
  return report;
}
