import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import type { Settings } from '../settings.ts';
import { consumeQueues } from './capability.ts';
import { grantSendMail } from './status-mail.ts';
import { WecareFunction } from './wecare-function.ts';
import type { CapabilityProps } from './ingest.ts';

/**
 * Broadcast: one queue per brand channel (shared/incidents/queues.ts channelQueues, from the brand
 * config) all consumed by the broadcast function, each with its own concurrency cap; and the
 * outage auto-reply on mention-events. Both link the status page (PUBLIC_URL). The broadcast also
 * mails (SES) and texts (SNS Publish to the number) status subscribers; the mail-events function
 * suppresses the addresses whose mail bounced or was reported as spam.
 */
export class Broadcast extends Construct {
  readonly broadcast: WecareFunction;
  readonly outageReply: WecareFunction;
  readonly mailEvents: WecareFunction;

  constructor(scope: Construct, id: string, props: CapabilityProps & { platformUrls: Settings['platformUrls']; publicUrl: string }) {
    super(scope, id);
    const { resources } = props;
    // Both post to platforms on the brand's behalf: the same grants, tokens and links.
    const sender = (id: string, name: string, description: string) =>
      new WecareFunction(this, id, { name, description, configFile: props.configFile, timeout: Duration.seconds(30), secrets: [resources.secrets.outbound] })
        .readsTable(resources.table)
        .writesTable(resources.table)
        .withEnvironment({ ...props.platformUrls, PUBLIC_URL: props.publicUrl });
    this.broadcast = sender('Broadcast', 'broadcast', 'wecare broadcast: status updates to X, Facebook, Slack, Teams, Discord, webhook subscribers');
    this.outageReply = sender('OutageReply', 'outage-reply', 'wecare outage auto-reply: one reply per author per incident, linking the status page');
    for (const fn of [this.broadcast, this.outageReply]) consumeQueues(fn, resources.queues);
    // Mail links carry a keyed token (PRIVACY_HASH_KEY); a phone number has no ARN, so SMS is "publish to anything that is not a topic".
    this.broadcast.readsSecret(resources.secrets.privacy);
    this.broadcast.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish', 'sns:CheckIfPhoneNumberIsOptedOut'], notResources: ['arn:aws:sns:*:*:*'] }));
    grantSendMail(this.broadcast, resources.mail);

    this.mailEvents = new WecareFunction(this, 'MailEvents', {
      name: 'mail-events',
      description: 'wecare mail events: SES bounces and complaints suppress the status subscriber',
      configFile: props.configFile,
      timeout: Duration.seconds(30),
    })
      .readsTable(resources.table)
      .writesTable(resources.table);
    this.mailEvents.addEventSource(new SqsEventSource(resources.mail.feedback, { batchSize: 10, reportBatchItemFailures: true }));
  }
}
