import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createSns } from '../../shared/bus/clients.ts';
import { functionEnv } from '../../shared/env.ts';
import { flowDeps, loadTriagedMention } from '../../shared/flows/deps.ts';
import { onCustomerMessage, type SweepReport } from '../../shared/flows/follow-up.ts';
import { sweepDue } from '../../shared/flows/follow-up-sweep.ts';
import type { FlowDeps } from '../../shared/flows/thank-you.ts';
import { sweepMaintenances } from '../../shared/incidents/maintenance.ts';
import type { TimelineDeps } from '../../shared/incidents/timeline.ts';
import { createLogger } from '../../shared/log.ts';
import { loadSecrets } from '../../shared/secrets.ts';
import { reportSlaBreaches } from '../../shared/triage/sla-breaches.ts';
import { partialBatch } from '../adapters/batch.ts';

// Secrets Manager values into the env before anything below reads it (a no-op locally).
await loadSecrets();

const logger = createLogger('wecare-follow-up-sweep');

/**
 * The follow-up function, two event sources: the schedule (every minute) sweeps what is due;
 * the follow-up-watch queue brings every triaged customer message, which cancels a waiting
 * follow-up or is recorded as the answer to a sent one.
 */
export function createFollowUpHandler(deps: FlowDeps, metrics?: Metrics, maintenance?: TimelineDeps) {
  const record = async (r: SQSRecord) => {
    const mention = await loadTriagedMention(deps.store, r.body);
    if (mention) await onCustomerMessage(deps, mention);
  };
  return async (event: SQSEvent | Record<string, unknown>, context?: Context): Promise<SQSBatchResponse | SweepReport> => {
    if (Array.isArray((event as SQSEvent).Records)) return partialBatch('sqs', event as SQSEvent, record, { context });
    // Scheduled maintenances start, complete and remind on the same tick (shared/incidents/maintenance.ts).
    // Neither holds the other up: a failing maintenance step still lets the follow-ups report.
    const [due, moved] = await Promise.allSettled([sweepDue(deps), maintenance && sweepMaintenances(maintenance)]);
    if (moved.status === 'fulfilled' && moved.value && moved.value.remind + moved.value.start + moved.value.complete > 0) logger.info('maintenances moved', { ...moved.value });
    if (due.status === 'rejected') throw due.reason;
    const total = due.value;
    // Every minute, whatever came in: the SlaBreaches alarm never goes quiet while a backlog waits.
    const breaches = await reportSlaBreaches({ ...deps, logger }, metrics, deps.brands.all.map((b) => b.id));
    if (breaches) logger.warn('cases past their SLA', { metric: 'SlaBreaches', breaches });
    if (total.failed > 0) {
      // No queue holds a reply that gave up here: the RepliesFailed alarm is the operator's cue.
      logger.error('replies failed in the sweep; after the cause is fixed: npm run redrive -- failed-replies', { failed: total.failed });
      metrics?.addMetric('RepliesFailed', MetricUnit.Count, total.failed);
      metrics?.publishStoredMetrics();
    }
    if (moved.status === 'rejected') throw moved.reason;
    return total;
  };
}

// Cold start: clients, config and env once.
// EMF lines are for CloudWatch; locally the log line says it.
const env = functionEnv('follow-up-sweep');
const flow = flowDeps(env);
export const handler = createFollowUpHandler(
  flow,
  env.inAws ? new Metrics({ namespace: 'wecare', serviceName: 'wecare-follow-up-sweep' }) : undefined,
  env.topics.statusUpdates ? { ...flow, sns: createSns(env.aws.endpoints.sns, env.aws), statusUpdatesTopic: env.topics.statusUpdates } : undefined,
);
