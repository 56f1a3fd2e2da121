import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Store } from '../store/client.ts';
import { countBreachedCases } from '../store/case-queue.ts';

/**
 * The SlaBreaches metric the alarm watches: active cases past a running deadline, every brand,
 * emitted by the minute sweep, so the alarm sees a figure each minute even when no message comes
 * in (a metric that only triage emitted went quiet exactly when a backlog sat unanswered).
 * A metrics failure never fails the sweep.
 */
export async function reportSlaBreaches(ctx: { store: Store; now: () => Date; logger: Logger }, metrics: Metrics | undefined, brands: Iterable<string>): Promise<number | undefined> {
  try {
    let breaches = 0;
    for (const brand of new Set(brands)) breaches += await countBreachedCases(ctx.store, brand, ctx.now());
    metrics?.addMetric('SlaBreaches', MetricUnit.Count, breaches);
    metrics?.publishStoredMetrics();
    return breaches;
  } catch (e) {
    ctx.logger.warn('SlaBreaches not reported', { error: e as Error });
    return undefined;
  }
}
