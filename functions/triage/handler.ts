import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createSns } from '../../shared/bus/clients.ts';
import { brandsFromEnv } from '../../shared/config/load.ts';
import { functionEnv } from '../../shared/env.ts';
import { incidentMatcher } from '../../shared/incidents/triage-match.ts';
import { createLogger } from '../../shared/log.ts';
import { storeFromEnv } from '../../shared/store/client.ts';
import { markProgress } from '../../shared/store/watermark.ts';
import { type TriageContext, triageRecord } from '../../shared/triage/triage-mention.ts';
import { partialBatch } from '../adapters/batch.ts';

/** The triage context; SlaBreaches comes from the minute sweep (functions/follow-up-sweep). */
export type TriageDeps = TriageContext;

/** The stream handler: one record failing (poison, storage down) fails only that record. */
export function createTriageHandler(deps: TriageDeps): (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse> {
  const recordHandler = async (record: DynamoDBRecord) => {
    try {
      return await triageRecord(deps, record);
    } catch (e) {
      deps.logger.error('triage failed', { eventID: record.eventID, error: e as Error });
      throw e;
    }
  };
  // In order: an earlier mention of a case is triaged (and owns the caseId) before a later one.
  // A fully failed batch is reported record by record instead of thrown; Lambda retries it the same way.
  return async (event) => {
    const result = await partialBatch('stream', event, recordHandler, { inOrder: true });
    await markProgress(deps.store, 'triage', event.Records as never, result.batchItemFailures, deps.now());
    return result;
  };
}

/** Cold start: env (MENTION_EVENTS_TOPIC_ARN required), clients and config once. */
function depsFromEnv(): TriageDeps {
  const env = functionEnv('triage');
  const store = storeFromEnv(env);
  const brands = brandsFromEnv(env);
  return {
    store,
    sns: createSns(env.aws.endpoints.sns, env.aws),
    topicArn: env.topics.mentionEvents!,
    brands,
    now: () => new Date(),
    logger: createLogger('wecare-triage'),
    matchIncident: incidentMatcher(store, brands),
  };
}

export const handler = createTriageHandler(depsFromEnv());
