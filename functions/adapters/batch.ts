import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBRecord, SQSBatchResponse, SQSRecord } from 'aws-lambda';

type Kind = 'sqs' | 'stream';

/**
 * Powertools' partial batch response with a processor of its own per invocation. The processor
 * keeps the batch's records and failures on itself: Lambda runs one invocation at a time, but the
 * local runtime's pollers call one handler module concurrently (a queue per broadcast channel),
 * and a shared processor then drops one batch's failures when the next batch starts: a failed
 * message deleted as done. A fully failed batch is reported record by record, not thrown.
 */
export function partialBatch<R extends SQSRecord | DynamoDBRecord>(
  kind: Kind,
  event: { Records: R[] },
  record: (r: R) => Promise<unknown>,
  opts: { context?: Context; inOrder?: boolean } = {},
): Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(kind === 'sqs' ? EventType.SQS : EventType.DynamoDBStreams);
  return processPartialResponse(event, record, processor, { context: opts.context, processInParallel: !opts.inOrder, throwOnFullBatchFailure: false });
}
