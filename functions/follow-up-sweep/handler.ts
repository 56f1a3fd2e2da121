import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { flowDepsFromEnv, triagedMention } from '../../shared/flows/deps.ts';
import { onCustomerMessage, type SweepReport, sweep } from '../../shared/flows/follow-up.ts';
import type { FlowDeps } from '../../shared/flows/thank-you.ts';
import { loadSecrets } from '../../shared/secrets.ts';

// Secrets Manager values into the env before anything below reads it (a no-op locally).
await loadSecrets();

/** Pages per scheduled run: enough for a backlog after an outage, bounded so a run ends in time. */
const MAX_PAGES = 10;
const PAGE = 200;

/**
 * The follow-up function, two event sources: the schedule (every minute) sweeps what is due;
 * the follow-up-watch queue brings every triaged customer message, which cancels a waiting
 * follow-up or is recorded as the answer to a sent one.
 */
export function createFollowUpHandler(deps: FlowDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  const record = async (r: SQSRecord) => {
    await onCustomerMessage(deps, triagedMention(r.body));
  };
  return async (event: SQSEvent | Record<string, unknown>, context?: Context): Promise<SQSBatchResponse | SweepReport> => {
    if (Array.isArray((event as SQSEvent).Records)) {
      return processPartialResponse(event as SQSEvent, record, processor, { context, throwOnFullBatchFailure: false });
    }
    const total: SweepReport = { due: 0, sent: 0, skipped: 0, failed: 0, retrying: 0 };
    for (let page = 0; page < MAX_PAGES; page++) {
      const report = await sweep(deps, PAGE);
      for (const key of Object.keys(total) as Array<keyof SweepReport>) total[key] += report[key];
      // Items still retrying stay due; a full page may hide more behind them only when all moved on.
      if (report.due < PAGE || report.retrying > 0) break;
    }
    return total;
  };
}

// Cold start: clients, config and env once.
export const handler = createFollowUpHandler(flowDepsFromEnv());
