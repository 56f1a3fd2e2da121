import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { applySesFeedback, SesFeedback } from '../../shared/broadcast/mail/feedback.ts';
import { snsMessage } from '../../shared/bus/envelope.ts';
import { describeIssues } from '../../shared/errors.ts';
import { functionEnv } from '../../shared/env.ts';
import { createLogger } from '../../shared/log.ts';
import { type Store, storeFromEnv } from '../../shared/store/client.ts';
import { partialBatch } from '../adapters/batch.ts';

const log = createLogger('mail-events');

/**
 * The mail-events function: SES bounce and complaint events (configuration set → SNS → this
 * queue) suppress the subscriber (shared/broadcast/mail/feedback.ts). A record fails only when
 * storage does; a malformed one fails too and ends in the DLQ rather than being retried forever.
 */
export function createMailEventsHandler(deps: { store: Store; now: () => Date }) {
  const record = async (r: SQSRecord) => {
    const parsed = SesFeedback.safeParse(snsMessage(r.body));
    if (!parsed.success) throw new Error(`not an SES event: ${describeIssues(parsed.error.issues)}`);
    const outcome = await applySesFeedback(deps, parsed.data);
    // Ids and the reason only: the address stays in SES.
    log.info('ses feedback', { ...outcome });
  };
  return (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => partialBatch('sqs', event, record, { context });
}

const env = functionEnv('mail-events');
export const handler = createMailEventsHandler({ store: storeFromEnv(env), now: () => new Date() });
