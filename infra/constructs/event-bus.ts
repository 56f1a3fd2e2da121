import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { dlqName, type QueueSpec, TOPICS, type TopicKey } from '../../shared/bus/topology.ts';
import type { StatusSubscriber } from '../settings.ts';

export interface BusQueue {
  spec: QueueSpec;
  queue: sqs.Queue;
  dlq: sqs.Queue;
}

/** Encrypted at rest, TLS only, 14 days to look at what failed. */
const queueDefaults = {
  encryption: sqs.QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
} as const;

/**
 * The topics, and for every QueueSpec the code declares a queue with its DLQ, subscribed to its topic
 * with exactly the spec's filter policy (the same object the local runtime gives fauxqs).
 */
export class EventBus extends Construct {
  readonly topics: Record<TopicKey, sns.Topic>;
  readonly queues: BusQueue[];

  constructor(scope: Construct, id: string, props: { prefix: string; queues: QueueSpec[]; statusSubscribers: StatusSubscriber[] }) {
    super(scope, id);
    // The AWS managed key: publishers in the account may use it through SNS without key grants,
    // and SNS decrypts for SQS delivery itself.
    const snsKey = kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns');
    const topic = (key: TopicKey) =>
      new sns.Topic(this, key, { topicName: `${props.prefix}${TOPICS[key]}`, masterKey: snsKey, enforceSSL: true });
    this.topics = { mentionEvents: topic('mentionEvents'), statusUpdates: topic('statusUpdates') };

    const names = new Set<string>();
    this.queues = props.queues.map((spec) => {
      if (names.has(spec.name)) throw new Error(`queue ${spec.name} is declared twice`);
      names.add(spec.name);
      return this.queueFor(spec, props.prefix);
    });

    for (const s of props.statusSubscribers) {
      const sub =
        s.protocol === 'email'
          ? new subs.EmailSubscription(s.endpoint)
          : new subs.SmsSubscription(s.endpoint);
      const subscription = this.topics.statusUpdates.addSubscription(sub);
      // Same attribute the channel queues route on (shared/incidents/event.ts statusUpdateAttributes).
      (subscription.node.defaultChild as sns.CfnSubscription).filterPolicy = { brand: [s.brand] };
    }
  }

  queuesOf(fn: string): BusQueue[] {
    return this.queues.filter((q) => q.spec.fn === fn);
  }

  private queueFor(spec: QueueSpec, prefix: string): BusQueue {
    const id = spec.name;
    const dlq = new sqs.Queue(this, `${id}-dlq`, {
      ...queueDefaults,
      queueName: `${prefix}${dlqName(spec.name)}`,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const queue = new sqs.Queue(this, id, {
      ...queueDefaults,
      queueName: `${prefix}${spec.name}`,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const subscription = this.topics[spec.topic].addSubscription(new subs.SqsSubscription(queue, { rawMessageDelivery: false }));
    if (spec.filterPolicy) {
      // The spec's policy verbatim: CDK's typed SubscriptionFilter cannot express $or or anything-but
      // on objects the same way, and a copy would drift from the code's constant.
      const cfn = subscription.node.defaultChild as sns.CfnSubscription;
      cfn.filterPolicy = spec.filterPolicy;
      cfn.filterPolicyScope = 'MessageAttributes';
    }
    return { spec, queue, dlq };
  }
}
