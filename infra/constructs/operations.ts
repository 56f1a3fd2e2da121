import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { WecareFunction } from './wecare-function.ts';

/** The SLA-breach metric the code emits with Powertools (namespace from POWERTOOLS_METRICS_NAMESPACE). */
export const SLA_BREACH_METRIC = { namespace: 'wecare', metricName: 'SlaBreaches' } as const;
/** Replies that gave up in the minute sweep: no queue holds them, so no DLQ alarm would tell. */
export const REPLIES_FAILED_METRIC = { namespace: 'wecare', metricName: 'RepliesFailed' } as const;

export interface OperationsProps {
  functions: WecareFunction[];
  /** Every dead-letter queue, by a readable name. */
  deadLetters: Array<{ name: string; queue: IQueue }>;
  /** The function consuming the table stream (iterator age). */
  streamConsumer?: WecareFunction;
  /** The function emitting SlaBreaches every minute (the sweep): Powertools adds its `service` dimension. */
  slaEmitter?: WecareFunction;
  /** The sweep, emitting RepliesFailed. */
  sweep?: WecareFunction;
  api: apigw.HttpApi;
  alarmEmail?: string;
}

/**
 * Alarms, all on one SNS topic: anything in a DLQ, function errors and throttles, a stream falling
 * behind, SLA breaches, API 5xx. The topic is encrypted with a key CloudWatch may use (it cannot
 * publish to a topic under the AWS managed SNS key).
 */
export class Operations extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const key = new kms.Key(this, 'AlarmKey', { enableKeyRotation: true, description: 'wecare alarm topic' });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.alarmTopic = new sns.Topic(this, 'Alarms', { masterKey: key, enforceSSL: true, displayName: 'wecare alarms' });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new subs.EmailSubscription(props.alarmEmail));
    const notify = new actions.SnsAction(this.alarmTopic);
    const alarm = (id: string, metric: cloudwatch.IMetric, description: string, threshold = 0) => {
      const a = new cloudwatch.Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(notify);
      this.alarms.push(a);
      return a;
    };

    for (const { name, queue } of props.deadLetters) {
      alarm(`Dlq-${name}`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), `${name}: messages in the dead-letter queue`);
    }
    for (const fn of props.functions) {
      const period = Duration.minutes(5);
      alarm(`Errors-${fn.wecareName}`, fn.metricErrors({ period }), `${fn.wecareName}: function errors`);
      alarm(`Throttles-${fn.wecareName}`, fn.metricThrottles({ period }), `${fn.wecareName}: throttled invocations`);
    }
    if (props.streamConsumer) {
      const iteratorAge = props.streamConsumer.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) });
      alarm('StreamIteratorAge', iteratorAge, 'triage is more than 2 minutes behind the table stream', 120_000);
    }
    if (props.slaEmitter) {
      const breaches = new cloudwatch.Metric({
        ...SLA_BREACH_METRIC,
        dimensionsMap: { service: `wecare-${props.slaEmitter.wecareName}` },
        statistic: 'Sum',
        period: Duration.minutes(5),
      });
      alarm('SlaBreaches', breaches, 'open cases past a running SLA deadline (first response, next response or resolution)');
    }
    if (props.sweep) {
      const failed = new cloudwatch.Metric({ ...REPLIES_FAILED_METRIC, dimensionsMap: { service: `wecare-${props.sweep.wecareName}` }, statistic: 'Sum', period: Duration.minutes(5) });
      alarm('RepliesFailed', failed, 'replies that gave up in the sweep: npm run redrive -- failed-replies');
    }
    alarm('Api5xx', props.api.metricServerError({ period: Duration.minutes(5) }), 'HTTP API 5xx (webhooks answer 503 when storage fails)');
  }
}
