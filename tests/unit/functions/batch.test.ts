import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { partialBatch } from '../../../functions/adapters/batch.ts';

const rec = (messageId: string, body: string) => ({ messageId, body, receiptHandle: messageId, attributes: {}, messageAttributes: {}, eventSource: 'aws:sqs' }) as unknown as SQSRecord;

describe('partial batch responses', () => {
  it('keep each invocation\'s failures when the local pollers call one handler concurrently', async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const handler = async (r: SQSRecord) => {
      if (r.body === 'fail') throw new Error('platform down');
      if (r.body === 'slow') await slow;
    };
    const first = partialBatch('sqs', { Records: [rec('a1', 'fail'), rec('a2', 'slow')] }, handler);
    await new Promise((r) => setImmediate(r));
    // A second batch starts and ends while the first is still busy: it must not clear the first's failure.
    expect(await partialBatch('sqs', { Records: [rec('b1', 'ok')] }, handler)).toEqual({ batchItemFailures: [] });
    release();
    expect(await first).toEqual({ batchItemFailures: [{ itemIdentifier: 'a1' }] });
  });

  it('reports a fully failed batch record by record instead of throwing', async () => {
    const fail = async () => {
      throw new Error('storage unavailable');
    };
    expect(await partialBatch('sqs', { Records: [rec('c1', 'x'), rec('c2', 'y')] }, fail)).toEqual({ batchItemFailures: [{ itemIdentifier: 'c1' }, { itemIdentifier: 'c2' }] });
  });
});
