import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type EnrichDeps, enrichMention } from '../../shared/enrich/enrich.ts';
import { readReplyEnv } from '../../shared/platforms/index.ts';
import { functionEnv } from '../../shared/env.ts';
import { storeFromEnv } from '../../shared/store/client.ts';
import { applyParkedChanges } from '../../shared/store/parked-changes.ts';
import { decodeMentionRecord } from '../../shared/store/stream-records.ts';
import { markProgress } from '../../shared/store/watermark.ts';
import { loadSecrets } from '../../shared/secrets.ts';
import { configurePrivacyHashKey } from '../../shared/keyed-hash.ts';
import { partialBatch } from '../adapters/batch.ts';

// Secrets Manager values into the env before anything below reads it (a no-op locally).
await loadSecrets();
// The erased-author tombstone is looked up by keyed hash: a missing or weak key fails the start.
configurePrivacyHashKey(process.env);

/**
 * Stream consumer next to triage: completes what a webhook could not. On a new mention it applies
 * the platform changes that arrived before it (parked), and fetches the text of mentions stored with
 * ids only. A failure fails its record (partial batch response): the stream retries it, the others go on.
 */
export function createEnrichHandler(deps: EnrichDeps) {
  const record = async (r: DynamoDBRecord) => {
    const decoded = decodeMentionRecord(r);
    if (!decoded) return;
    if (decoded.event === 'INSERT' || decoded.nudged) await applyParkedChanges(deps.store, decoded.mention.id);
    if (decoded.mention.textPending === true) await enrichMention(deps, decoded.mention);
  };
  return async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
    const result = await partialBatch('stream', event, record, { context });
    await markProgress(deps.store, 'enrich', event.Records as never, result.batchItemFailures, deps.now());
    return result;
  };
}

// Cold start: env, clients and config once.
const env = functionEnv('enrich');
export const handler = createEnrichHandler({
  store: storeFromEnv(env),
  platforms: { env: readReplyEnv(env.vars), fetch, timeoutMs: 5000 },
  now: () => new Date(),
});
