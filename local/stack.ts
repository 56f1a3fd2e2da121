import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { createSns, createSqs } from '../shared/bus/clients.ts';
import { dlqName, QUEUES, type QueueSpec, STREAM_FAILURES, TOPICS, type TopicKey } from '../shared/bus/topology.ts';
import { createDynamo } from '../shared/store/client.ts';
import { ensureTable, type LocalDynamo, startDynamo } from './dynamodb.ts';
import { assertPortFree } from './ports.ts';

export interface LocalStack {
  dynamo: LocalDynamo;
  fauxqs: FauxqsServer;
  stop(): Promise<void>;
}

/** The emulators: DynamoDB Local (Java) and fauxqs (in-process SNS/SQS). Ports are free ones unless given. */
export async function startStack(opts: { dataDir?: string; dynamoPort?: number; fauxqsPort?: number }): Promise<LocalStack> {
  if (opts.fauxqsPort) await assertPortFree(opts.fauxqsPort, 'fauxqs');
  const [dynamo, fauxqs] = await Promise.all([
    startDynamo({ port: opts.dynamoPort, dataDir: opts.dataDir }),
    startFauxqs({ port: opts.fauxqsPort ?? 0, logger: false, host: '127.0.0.1' }),
  ]);
  return {
    dynamo,
    fauxqs,
    stop: async () => {
      await Promise.all([dynamo.stop(), fauxqs.stop()]);
    },
  };
}

export interface Resources {
  table: string;
  streamArn: string;
  topicArns: Record<TopicKey, string>;
  queues: Array<QueueSpec & { url: string; arn: string; dlqUrl: string }>;
  /** The stream mappings' on-failure destination. */
  streamFailuresUrl: string;
  /** The env a function needs to find these resources: the same names the CDK stack sets. */
  env: Record<string, string>;
}

/**
 * Creates table, topics, queues (each with a DLQ) and filtered subscriptions. `prefix` keeps
 * test files apart on one pair of emulators; `npm start` uses none.
 */
export async function provision(
  endpoints: { dynamo: string; fauxqs: string },
  prefix = '',
  queues: QueueSpec[] = QUEUES,
): Promise<Resources> {
  const table = `${prefix}wecare`;
  const streamArn = await ensureTable(createDynamo(endpoints.dynamo), table);
  const sns = createSns(endpoints.fauxqs);
  const sqs = createSqs(endpoints.fauxqs);
  const topicArns = {} as Record<TopicKey, string>;
  for (const [key, name] of Object.entries(TOPICS) as Array<[TopicKey, string]>) {
    const out = await sns.send(new CreateTopicCommand({ Name: `${prefix}${name}` }));
    topicArns[key] = out.TopicArn!;
  }
  const made = [];
  for (const spec of queues) made.push({ ...spec, ...(await createQueue(sns, sqs, prefix, spec, topicArns[spec.topic])) });
  const failures = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}${STREAM_FAILURES}` }));
  return {
    table,
    streamArn,
    topicArns,
    queues: made,
    streamFailuresUrl: failures.QueueUrl!,
    env: {
      TABLE_NAME: table,
      DYNAMODB_ENDPOINT: endpoints.dynamo,
      SNS_ENDPOINT: endpoints.fauxqs,
      SQS_ENDPOINT: endpoints.fauxqs,
      MENTION_EVENTS_TOPIC_ARN: topicArns.mentionEvents,
      STATUS_UPDATES_TOPIC_ARN: topicArns.statusUpdates,
    },
  };
}

async function createQueue(sns: SNSClient, sqs: SQSClient, prefix: string, spec: QueueSpec, topicArn: string) {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}${dlqName(spec.name)}` }));
  const dlqArn = await queueArn(sqs, dlq.QueueUrl!);
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${prefix}${spec.name}`,
      Attributes: {
        VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: String(spec.maxReceiveCount) }),
      },
    }),
  );
  const arn = await queueArn(sqs, queue.QueueUrl!);
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: arn,
      Attributes: spec.filterPolicy ? { FilterPolicy: JSON.stringify(spec.filterPolicy), FilterPolicyScope: 'MessageAttributes' } : {},
    }),
  );
  return { url: queue.QueueUrl!, arn, dlqUrl: dlq.QueueUrl! };
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return out.Attributes!.QueueArn!;
}
