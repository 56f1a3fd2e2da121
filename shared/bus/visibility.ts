import { ChangeMessageVisibilityCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** The parts of an SQS record that name the message: its queue (ARN in Lambda, URL locally) and receipt. */
export interface ReceivedMessage {
  eventSourceARN: string;
  receiptHandle: string;
}

/**
 * Holds a received message back for `seconds` (a platform's retry-after) with
 * ChangeMessageVisibility, which needs the queue URL: Lambda gives the ARN, the local poller the URL.
 */
export function holdBack(sqs: SQSClient): (message: ReceivedMessage, seconds: number) => Promise<void> {
  const urls = new Map<string, Promise<string>>();
  const urlOf = (source: string) => {
    if (source.startsWith('http')) return Promise.resolve(source);
    const [, , , , account, name] = source.split(':');
    if (!urls.has(source)) {
      urls.set(source, sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account })).then((o) => o.QueueUrl!));
    }
    return urls.get(source)!;
  };
  return async (m, seconds) => {
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: await urlOf(m.eventSourceARN), ReceiptHandle: m.receiptHandle, VisibilityTimeout: seconds }));
  };
}
