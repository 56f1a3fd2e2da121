import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** What the functions that send mail need from the stateful side. */
export interface StatusMailResources {
  /** MAIL_FROM: the verified sender (the identity is its domain, or the address itself). */
  from: string;
  identity: ses.EmailIdentity;
  configurationSet: ses.ConfigurationSet;
  /** Bounce and complaint events (SES → SNS → this queue → the mail-events function). */
  feedback: sqs.Queue;
  feedbackDlq: sqs.Queue;
}

/**
 * E-mail to status subscribers: the SES identity mail is sent as (a domain with Easy DKIM, or one
 * address), and a configuration set whose bounce and complaint events go to an SNS topic and on to
 * a queue the mail-events function drains, which suppresses the subscriber. The configuration set
 * also adds addresses that bounced or complained to the account's suppression list, so SES itself
 * refuses them too. Stateful: the identity's DKIM records are in the deployer's DNS.
 */
export class StatusMail extends Construct {
  readonly resources: StatusMailResources;

  constructor(scope: Construct, id: string, props: { prefix: string; from: string; identity: 'domain' | 'address' }) {
    super(scope, id);
    const domain = props.from.split('@')[1]!;
    const identity = new ses.EmailIdentity(this, 'Identity', { identity: props.identity === 'domain' ? ses.Identity.domain(domain) : ses.Identity.email(props.from) });
    const configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `${props.prefix}status-mail`,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      sendingEnabled: true,
    });
    // SES publishes to an encrypted topic only with a key it may use: the AWS managed SNS key is not one.
    const key = new kms.Key(this, 'FeedbackKey', { enableKeyRotation: true, description: 'wecare SES bounce and complaint events', removalPolicy: RemovalPolicy.DESTROY });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    const topic = new sns.Topic(this, 'Feedback', { topicName: `${props.prefix}mail-feedback`, masterKey: key, enforceSSL: true });
    // Transient bounces come too (SES has no hard-bounce-only event); the handler ignores them.
    configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    const feedbackDlq = new sqs.Queue(this, 'FeedbackDlq', {
      queueName: `${props.prefix}mail-events-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const feedback = new sqs.Queue(this, 'FeedbackQueue', {
      queueName: `${props.prefix}mail-events`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(60),
      // A storage outage is worth a few tries; a malformed event is not worth more.
      deadLetterQueue: { queue: feedbackDlq, maxReceiveCount: 5 },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    topic.addSubscription(new subs.SqsSubscription(feedback, { rawMessageDelivery: false }));
    this.resources = { from: props.from, identity, configurationSet, feedback, feedbackDlq };
  }
}

/** Lets `grantee` send as the identity through the configuration set, and tells it both names. */
export function grantSendMail(grantee: iam.IGrantable & { addEnvironment(k: string, v: string): unknown }, mail: StatusMailResources): void {
  const stack = Stack.of(mail.identity);
  const arn = (resource: string, resourceName: string) => stack.formatArn({ service: 'ses', resource, resourceName });
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [arn('identity', mail.identity.emailIdentityName), arn('configuration-set', mail.configurationSet.configurationSetName)],
    }),
  );
  grantee.addEnvironment('MAIL_FROM', mail.from);
  grantee.addEnvironment('SES_CONFIGURATION_SET', mail.configurationSet.configurationSetName);
}
