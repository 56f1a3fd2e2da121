import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type BroadcastContext, broadcastUpdate } from '../../shared/broadcast/broadcast-update.ts';
import { createSes } from '../../shared/broadcast/mail/ses.ts';
import { createSns, createSqs } from '../../shared/bus/clients.ts';
import { decodeEvent } from '../../shared/bus/envelope.ts';
import { StatusUpdateEvent } from '../../shared/bus/events.ts';
import { holdBack, type ReceivedMessage } from '../../shared/bus/visibility.ts';
import { brandsFromEnv } from '../../shared/config/load.ts';
import { functionEnv } from '../../shared/env.ts';
import { smsSend } from '../../shared/incidents/sms.ts';
import { configurePrivacyHashKey } from '../../shared/keyed-hash.ts';
import { readReplyEnv } from '../../shared/platforms/index.ts';
import { storeFromEnv } from '../../shared/store/client.ts';
import { loadSecrets } from '../../shared/secrets.ts';
import { partialBatch } from '../adapters/batch.ts';

// Secrets Manager values into the env before anything below reads it (a no-op locally).
await loadSecrets();
// The unsubscribe and manage links in every mail carry a keyed token (shared/incidents/subscribers.ts linkToken).
configurePrivacyHashKey(process.env);

export interface BroadcastHandlerDeps extends BroadcastContext {
  /** Holds the message back for a platform's retry-after (SQS ChangeMessageVisibility). */
  delay?: (message: ReceivedMessage, seconds: number) => Promise<void>;
}

/**
 * The broadcast function (shared/broadcast/broadcast-update.ts). A record fails (and comes back
 * after its visibility, at most maxReceiveCount times, then the DLQ) while any delivery is not sent.
 */
export function createBroadcastHandler(deps: BroadcastHandlerDeps) {
  const record = async (r: SQSRecord) => {
    const event = decodeEvent(r.body, StatusUpdateEvent);
    const outcome = await broadcastUpdate(deps, r.eventSourceARN, event, Number(r.attributes.ApproximateReceiveCount ?? '1'));
    if (!outcome || outcome.tally.retrying + outcome.tally.failed === 0) return;
    const { channel, tally } = outcome;
    if (tally.retryAfterSeconds !== undefined && deps.delay) await deps.delay(r, Math.min(tally.retryAfterSeconds, 43_200));
    throw new Error(`${channel}: ${tally.retrying} retrying, ${tally.failed} failed`);
  };
  return (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => partialBatch('sqs', event, record, { context });
}

// Cold start: config, clients and env once, as every Lambda of wecare.
const env = functionEnv('broadcast');
export const handler = createBroadcastHandler({
  store: storeFromEnv(env),
  fetch: globalThis.fetch,
  brands: brandsFromEnv(env),
  now: () => new Date(),
  env: { platforms: readReplyEnv(env.vars), publicUrl: env.publicUrl! },
  delay: holdBack(createSqs(env.aws.endpoints.sqs, env.aws)),
  mail: { ses: createSes(env.aws.endpoints.ses, env.aws), fromAddress: env.mail!.from, configurationSet: env.mail!.configurationSet },
  sms: smsSend(createSns(env.aws.endpoints.sns, env.aws), env.vars.SMS_API_URL),
});
