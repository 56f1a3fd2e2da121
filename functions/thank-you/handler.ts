import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { functionEnv } from '../../shared/env.ts';
import { flowDeps, loadTriagedMention } from '../../shared/flows/deps.ts';
import { settle } from '../../shared/flows/reply-now.ts';
import { type FlowDeps, thankYou } from '../../shared/flows/thank-you.ts';
import { loadSecrets } from '../../shared/secrets.ts';
import { partialBatch } from '../adapters/batch.ts';

// Secrets Manager values into the env before anything below reads it (a no-op locally).
await loadSecrets();

/**
 * The thank-you function, fed by the thank-you queue (shared/bus/queues.ts). A record fails
 * only when its reply failed for good (so it reaches the DLQ) or storage is down; a reply
 * waiting for its retry is the outbox's now (the minute sweep finishes it), so the record is done.
 */
export function createThankYouHandler(deps: FlowDeps) {
  const record = async (r: SQSRecord) => {
    const mention = await loadTriagedMention(deps.store, r.body);
    if (mention) await settle(thankYou(deps, mention));
  };
  return (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    partialBatch('sqs', event, record, { context });
}

// Cold start: clients, config and env once.
export const handler = createThankYouHandler(flowDeps(functionEnv('thank-you')));
