import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { Settings } from '../settings.ts';
import { consumeQueues } from './capability.ts';
import { WecareFunction } from './wecare-function.ts';
import type { CapabilityProps } from './ingest.ts';

/**
 * Flows: thank-yous behind SQS (queues declared in shared/flows/queues.ts), and the follow-up
 * function: a one-minute schedule sweeps due follow-ups and outbox retries (gsi5), and the
 * follow-up-watch queue brings customer answers. Both send through the outbox module to the
 * platforms, so they read the outbound tokens and get the platform base URLs.
 */
export class Flows extends Construct {
  readonly thankYou: WecareFunction;
  readonly followUpSweep: WecareFunction;

  constructor(scope: Construct, id: string, props: CapabilityProps & { platformUrls: Settings['platformUrls'] }) {
    super(scope, id);
    const { resources } = props;
    const sender = (id: string, name: string, description: string, timeout = Duration.seconds(30)) =>
      new WecareFunction(this, id, { name, description, configFile: props.configFile, timeout, secrets: [resources.secrets.outbound] })
        .readsTable(resources.table)
        .writesTable(resources.table)
        .withEnvironment(props.platformUrls);

    this.thankYou = sender('ThankYou', 'thank-you', 'wecare flow: thank fans, once, within the brand rules');
    // Also consumes follow-up-watch: its timeout may not exceed that queue's visibility timeout.
    this.followUpSweep = sender('FollowUpSweep', 'follow-up-sweep', 'wecare flow: due follow-ups (GSI on due time) every minute, and customer answers');
    for (const fn of [this.thankYou, this.followUpSweep]) consumeQueues(fn, resources.queues);
    // The same tick moves scheduled maintenances (in_progress, completed, reminder), each broadcast.
    this.followUpSweep.publishesTo(resources.topics.statusUpdates, 'statusUpdates');

    new events.Rule(this, 'EveryMinute', {
      description: 'wecare follow-up sweep',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      // The next tick is the retry: a late sweep is worth less than the next one.
      targets: [new targets.LambdaFunction(this.followUpSweep, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
    });
  }
}
