import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { mentionKeys } from '../../shared/store/mentions.ts';
import { WecareFunction } from './wecare-function.ts';
import type { CapabilityProps } from './ingest.ts';

/** Stream mapping settings (asserted by tests/infra). */
export const TRIAGE_STREAM = {
  batchSize: 100,
  /** A poison record is isolated by halving the batch instead of blocking the shard. */
  bisectBatchOnError: true,
  retryAttempts: 5,
  /** Past this a mention is stale for auto-replies; it goes to the failure queue for a human. */
  maxRecordAge: Duration.hours(6),
  parallelizationFactor: 2,
} as const;

/** Only mention items reach triage (incidents, outbox, follow-ups share the table). */
const MENTION_PK_PREFIX = mentionKeys.item('').pk;

/**
 * Triage: the table's stream → classification → the mention updated once and `mention.triaged`
 * published. The SLA-breach metric comes from the minute sweep (flows.ts), so it never goes quiet.
 */
export class Triage extends Construct {
  readonly fn: WecareFunction;

  constructor(scope: Construct, id: string, props: CapabilityProps) {
    super(scope, id);
    const { resources } = props;
    this.fn = new WecareFunction(this, 'Triage', {
      name: 'triage',
      description: 'wecare triage: language, sentiment, intent, priority, SLA, team',
      configFile: props.configFile,
      memorySize: 1024,
      timeout: Duration.seconds(60),
    })
      .readsTable(resources.table)
      .writesTable(resources.table)
      .publishesTo(resources.topics.mentionEvents, 'mentionEvents');
    this.fn.addEventSource(
      new DynamoEventSource(resources.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        ...TRIAGE_STREAM,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(resources.streamFailures),
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { Keys: { pk: { S: lambda.FilterRule.beginsWith(MENTION_PK_PREFIX) } } },
          }),
        ],
      }),
    );
  }
}
