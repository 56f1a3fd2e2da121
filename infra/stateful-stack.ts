import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from './nag.ts';
import { STREAM_FAILURES, type TopicKey } from '../shared/bus/topology.ts';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { type BusQueue, EventBus } from './constructs/event-bus.ts';
import { MentionTable } from './constructs/mention-table.ts';
import { type SecretGroup, WecareSecrets } from './constructs/secrets.ts';
import { SignIn } from './constructs/sign-in.ts';
import { StatusMail, type StatusMailResources } from './constructs/status-mail.ts';
import type { Settings } from './settings.ts';

/** What the stateless stack gets from the stateful one: typed, never looked up by name. */
export interface StatefulResources {
  table: ITableV2;
  topics: Record<TopicKey, ITopic>;
  queues: BusQueue[];
  /** Stream records triage or enrich gave up on (after retries and bisection) land here. */
  streamFailures: sqs.IQueue;
  secrets: Record<SecretGroup, ISecret>;
  /** The user pool, unless `wecare:oidcIssuer` names another issuer to trust. */
  signIn?: SignIn;
  /** SES identity, configuration set and the bounce/complaint queue. */
  mail: StatusMailResources;
}

/**
 * Everything that holds data or identity and outlives a code deploy: table, topics, queues, secrets,
 * the user pool.
 * Retained on stack deletion; the table also has deletion protection.
 */
export class StatefulStack extends Stack {
  readonly resources: StatefulResources;

  constructor(scope: Construct, id: string, props: StackProps & { settings: Settings }) {
    super(scope, id, props);
    const { settings } = props;
    const table = new MentionTable(this, 'Mentions').table;
    const bus = new EventBus(this, 'Bus', {
      prefix: settings.prefix,
      queues: settings.queues,
      statusSubscribers: settings.statusSubscribers,
    });
    const streamFailures = new sqs.Queue(this, 'StreamFailures', {
      queueName: `${settings.prefix}${STREAM_FAILURES}`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(streamFailures, 'AwsSolutions-SQS3', 'This queue is itself the dead letter of the table stream mappings (triage, enrich) (on-failure destination); it is alarmed on depth.');
    for (const { dlq } of bus.queues) {
      acknowledge(dlq, 'AwsSolutions-SQS3', `Dead-letter queue of a wecare queue (QueueSpec); a DLQ has no DLQ of its own, it is alarmed on depth.`);
    }
    const secrets = new WecareSecrets(this, 'Secrets', { prefix: settings.prefix }).secrets;
    const signIn =
      settings.signIn.kind === 'cognito'
        ? new SignIn(this, 'SignIn', {
            prefix: settings.prefix,
            brandIds: settings.brands.all.map((b) => b.id),
            domainPrefix: settings.signIn.domainPrefix,
            identityProviders: settings.signIn.identityProviders,
          })
        : undefined;
    if (signIn) new CfnOutput(this, 'UserPoolId', { value: signIn.userPool.userPoolId, description: 'Cognito user pool of the people who work wecare (admin-create-user, admin-add-user-to-group)' });
    const mail = new StatusMail(this, 'StatusMail', { prefix: settings.prefix, from: settings.mail.from, identity: settings.mail.identity }).resources;
    acknowledge(mail.feedbackDlq, 'AwsSolutions-SQS3', 'Dead-letter queue of the SES bounce/complaint queue; alarmed on depth.');
    this.resources = { table, topics: bus.topics, queues: bus.queues, streamFailures, secrets, signIn, mail };
  }
}
