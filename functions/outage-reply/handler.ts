import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { decodeEvent } from '../../shared/bus/envelope.ts';
import { MentionTriaged, StatusUpdateEvent } from '../../shared/bus/events.ts';
import { functionEnv } from '../../shared/env.ts';
import { flowDeps } from '../../shared/flows/deps.ts';
import { replySender } from '../../shared/flows/reply-now.ts';
import { type OutageContext, outageReplies } from '../../shared/incidents/outage-reply.ts';
import { loadSecrets } from '../../shared/secrets.ts';
import { partialBatch } from '../adapters/batch.ts';

// Secrets Manager values into the env before anything below reads it (a no-op locally).
await loadSecrets();

/** The outage auto-reply function (shared/incidents/outage-reply.ts), fed by outage-reply and outage-resolved. */
export function createOutageReplyHandler(ctx: OutageContext) {
  const onEvent = outageReplies(ctx);
  const record = (r: SQSRecord) => onEvent(decodeEvent(r.body, MentionTriaged, StatusUpdateEvent));
  return (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => partialBatch('sqs', event, record, { context });
}

// Cold start: clients, config and env once.
const env = functionEnv('outage-reply');
const flow = flowDeps(env);
export const handler = createOutageReplyHandler({
  store: flow.store,
  brands: flow.brands,
  publicUrl: env.publicUrl!,
  now: flow.now,
  sendReply: replySender(flow),
});
