import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Store } from '../store/client.ts';
import { countBreaches } from '../store/sla.ts';

/**
 * The SlaBreaches metric the alarm watches: open mentions past due, per brand a batch touched.
 * A metrics failure never fails the batch: the triage itself is done.
 */
export async function reportSlaBreaches(
  ctx: { store: Store; now: () => Date; logger: Logger },
  metrics: Metrics,
  brands: Iterable<string>,
): Promise<void> {
  try {
    let breaches = 0;
    for (const brand of new Set(brands)) breaches += await countBreaches(ctx.store, brand, ctx.now());
    metrics.addMetric('SlaBreaches', MetricUnit.Count, breaches);
    metrics.publishStoredMetrics();
  } catch (e) {
    ctx.logger.warn('SlaBreaches not reported', { error: e as Error });
  }
}
