import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import type { Settings } from '../settings.ts';
import type { StatefulResources } from '../stateful-stack.ts';
import { WecareFunction } from './wecare-function.ts';
import { THROTTLES, type RouteDef, type WecareHttpApi } from './http-api.ts';

/** The webhook routes (README): verify, parse, normalize, one conditional write. */
export const WEBHOOK_ROUTES: RouteDef[] = [
  { method: 'GET', path: '/webhooks/x' },
  { method: 'POST', path: '/webhooks/x' },
  { method: 'GET', path: '/webhooks/meta' },
  { method: 'POST', path: '/webhooks/meta' },
  { method: 'POST', path: '/webhooks/google' },
  { method: 'POST', path: '/webhooks/trustpilot' },
  { method: 'POST', path: '/webhooks/generic' },
].map((r) => ({ ...r, method: r.method as RouteDef['method'], throttle: THROTTLES.webhook, auth: 'signature' as const }));

export interface CapabilityProps {
  configFile: string;
  resources: StatefulResources;
}

/** Stream mapping of the enrich function: only mentions stored with ids only (text still to fetch). */
export const ENRICH_STREAM = { batchSize: 10, bisectBatchOnError: true, retryAttempts: 5, maxRecordAge: Duration.hours(1) } as const;

/**
 * Ingest: the webhook function may write mentions and read erasure tombstones, nothing else (no
 * other reads, no topics): it acknowledges fast and leaves everything slow to the stream, where enrich completes mentions
 * that platforms notify by id only.
 */
export class Ingest extends Construct {
  readonly fn: WecareFunction;
  readonly enrich: WecareFunction;

  constructor(scope: Construct, id: string, props: CapabilityProps & { http: WecareHttpApi; platformUrls: Settings['platformUrls'] }) {
    super(scope, id);
    const { resources } = props;
    this.fn = new WecareFunction(this, 'Webhooks', {
      name: 'webhooks',
      description: 'wecare ingest: platform webhooks → one conditional write per mention',
      configFile: props.configFile,
      // More memory is more CPU: cold start and HMAC on the ack path.
      memorySize: 1024,
      timeout: Duration.seconds(10),
      // PRIVACY_HASH_KEY: conversation ids and the erased-author tombstones are keyed hashes.
      secrets: [resources.secrets.inbound, resources.secrets.privacy],
    })
      .writesMentions(resources.table)
      .readsTombstones(resources.table);
    props.http.add(this.fn, WEBHOOK_ROUTES);

    // Some platforms notify with ids only: enrich fetches the text behind the stream, never on the ack path.
    this.enrich = new WecareFunction(this, 'Enrich', {
      name: 'enrich',
      description: 'wecare ingest: fetch the text of mentions notified by id only',
      configFile: props.configFile,
      timeout: Duration.seconds(30),
      secrets: [resources.secrets.outbound, resources.secrets.privacy],
    })
      .readsTable(resources.table)
      .writesTable(resources.table)
      .withEnvironment(props.platformUrls);
    this.enrich.addEventSource(
      new DynamoEventSource(resources.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        ...ENRICH_STREAM,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(resources.streamFailures),
        filters: [lambda.FilterCriteria.filter({ dynamodb: { NewImage: { type: { S: ['mention'] }, textPending: { BOOL: [true] } } } })],
      }),
    );
  }
}
