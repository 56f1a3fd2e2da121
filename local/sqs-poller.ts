import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export type QueueHandler = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

/**
 * Lambda's SQS event source, on one machine: long-polls the queue, calls the handler with an
 * SQSEvent, deletes what succeeded and leaves `batchItemFailures` to reappear after the
 * visibility timeout; the queue's redrive policy moves them to the DLQ after maxReceiveCount.
 */
export function pollQueue(opts: {
  sqs: SQSClient;
  queueUrl: string;
  queueArn?: string;
  handler: QueueHandler;
  batchSize?: number;
  onError?: (e: unknown) => void;
}): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const out = await opts.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: opts.queueUrl,
            MaxNumberOfMessages: opts.batchSize ?? 10,
            WaitTimeSeconds: 1,
            MessageAttributeNames: ['All'],
            MessageSystemAttributeNames: ['All'],
          }),
        );
        const messages = out.Messages ?? [];
        if (!messages.length) continue;
        const event: SQSEvent = { Records: messages.map((m) => toRecord(m, opts.queueArn ?? opts.queueUrl)) };
        let failed = new Set<string>(event.Records.map((r) => r.messageId));
        try {
          const res = await opts.handler(event);
          failed = new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        } catch (e) {
          opts.onError?.(e);
        }
        const done = messages.filter((m) => !failed.has(m.MessageId!));
        if (done.length) {
          await opts.sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: opts.queueUrl,
              Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
            }),
          );
        }
      } catch (e) {
        if (!running) break;
        opts.onError?.(e);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

type Received = import('@aws-sdk/client-sqs').Message;

function toRecord(m: Received, source: string): SQSRecord {
  const attrs = m.Attributes ?? {};
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attrs.ApproximateReceiveCount ?? '1',
      SentTimestamp: attrs.SentTimestamp ?? String(Date.now()),
      SenderId: attrs.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attrs.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, { stringValue: v.StringValue, dataType: v.DataType ?? 'String' } as never]),
    ),
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: source,
    awsRegion: 'eu-west-1',
  };
}
