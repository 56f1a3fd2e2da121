import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../infra/constructs/capability.ts';
import { REPLIES_FAILED_METRIC, SLA_BREACH_METRIC } from '../../infra/constructs/operations.ts';
import { ADMIN_ROUTES, STATUS_ROUTES } from '../../infra/constructs/status-page.ts';
import { ENRICH_STREAM, WEBHOOK_ROUTES } from '../../infra/constructs/ingest.ts';
import { TRIAGE_STREAM } from '../../infra/constructs/triage.ts';
import type { Settings } from '../../infra/settings.ts';
import { settingsFrom } from '../../infra/settings.ts';
import { dlqName, QUEUES, STREAM_CONSUMERS, TOPICS } from '../../shared/bus/topology.ts';
import { FLOW_QUEUES } from '../../shared/flows/queues.ts';
import { BROADCAST_QUEUES, channelQueues } from '../../shared/incidents/queues.ts';
import { GSIS } from '../../shared/store/table.ts';
import { asArray, functionsByName, resourcesOf, statementsOfRole, synthWecare } from './synth.ts';

let stateful: Template;
let stateless: Template;
let settings: Settings;
let fns: ReturnType<typeof functionsByName>;

beforeAll(() => {
  const s = synthWecare();
  stateful = s.statefulTemplate;
  stateless = s.statelessTemplate;
  settings = settingsFrom(s.app.node);
  fns = functionsByName(stateless);
});

/** The logical id of the queue named `<prefix><name>` in the stateful stack. */
const queueId = (name: string) => {
  const found = Object.entries(resourcesOf(stateful, 'AWS::SQS::Queue')).find(([, q]) => q.Properties?.QueueName === `${settings.prefix}${name}`);
  expect(found, `queue ${settings.prefix}${name}`).toBeDefined();
  return found![0];
};
/** Cross-stack references arrive as Fn::ImportValue of an export naming the producer's logical id. */
const importsOf = (value: unknown): string => JSON.stringify(value);

describe('functions', () => {
  it('deploys every function wecare has, and only those', () => {
    expect([...fns.keys()].sort()).toEqual([...FUNCTION_NAMES].sort());
  });

  it('runs every function on nodejs22.x, arm64, with X-Ray, its own log group and Powertools env', () => {
    expect(fns.size).toBeGreaterThan(0);
    for (const [name, { props }] of fns) {
      expect(props.Runtime, name).toBe('nodejs22.x');
      expect(props.Architectures, name).toEqual(['arm64']);
      expect(props.TracingConfig, name).toEqual({ Mode: 'Active' });
      expect(props.Handler, name).toBe('index.handler');
      expect(props.LoggingConfig?.LogGroup, name).toBeDefined();
      const env = props.Environment.Variables;
      expect(env.POWERTOOLS_SERVICE_NAME).toBe(`wecare-${name}`);
      expect(env.POWERTOOLS_LOG_LEVEL).toBe('INFO');
      expect(env.POWERTOOLS_METRICS_NAMESPACE).toBe(SLA_BREACH_METRIC.namespace);
      expect(env.WECARE_CONFIG).toBe('/var/task/wecare.config.json');
      expect(env.NODE_OPTIONS).toBe('--enable-source-maps');
    }
  });

  it('gives every log group a retention', () => {
    for (const [id, lg] of Object.entries(resourcesOf(stateless, 'AWS::Logs::LogGroup'))) expect(lg.Properties?.RetentionInDays, id).toBe(30);
  });
});

describe('IAM', () => {
  const statements = (name: string) => {
    const fn = fns.get(name);
    expect(fn, name).toBeDefined();
    return statementsOfRole(stateless, fn!.props.Role['Fn::GetAtt'][0]);
  };

  it('has no wildcard action anywhere, and * resources only for X-Ray', () => {
    for (const t of [stateful, stateless]) {
      for (const [id, p] of Object.entries(resourcesOf(t, 'AWS::IAM::Policy'))) {
        for (const st of p.Properties!.PolicyDocument.Statement) {
          for (const action of asArray(st.Action as string)) expect(action, id).not.toMatch(/\*/);
          if (asArray(st.Resource).includes('*')) {
            expect(asArray(st.Action as string).every((a) => a.startsWith('xray:')), `${id}: * resource for ${st.Action}`).toBe(true);
          }
        }
      }
    }
  });

  it('lets the webhook function PutItem/UpdateItem on the table and nothing else on data', () => {
    const st = statements('webhooks');
    const data = st.filter((s) => asArray(s.Action).some((a) => /^(dynamodb|sns|sqs):/.test(a)));
    expect(data).toHaveLength(1);
    expect(asArray(data[0]!.Action).sort()).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem']);
    // The table ARN itself, no index, no stream.
    expect(asArray(data[0]!.Resource)).toHaveLength(1);
    expect(importsOf(data[0]!.Resource)).toMatch(/MentionsTable/);
    const allActions = st.flatMap((s) => asArray(s.Action)).sort();
    expect(allActions).toEqual(
      ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:GetSecretValue', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort(),
    );
    const secret = st.find((s) => asArray(s.Action).includes('secretsmanager:GetSecretValue'))!;
    expect(importsOf(secret.Resource)).toMatch(/Secretsinbound/);
  });

  it('reads only the secret groups each function needs', () => {
    const want: Record<string, string[]> = {
      webhooks: ['inbound'], api: ['admin', 'outbound'], enrich: ['outbound'], 'thank-you': ['outbound'],
      'follow-up-sweep': ['outbound'], broadcast: ['outbound'], 'outage-reply': ['outbound'], triage: [],
    };
    for (const name of fns.keys()) {
      const reads = statements(name).filter((s) => asArray(s.Action).includes('secretsmanager:GetSecretValue'));
      const groups = reads.map((r) => /Secrets(inbound|admin|outbound)/.exec(importsOf(r.Resource))?.[1]);
      expect(groups.sort(), name).toEqual([...want[name]!].sort());
      for (const r of reads) expect(asArray(r.Resource), name).toHaveLength(1);
    }
  });

  it('never grants Scan or table-level admin actions', () => {
    for (const [id, p] of Object.entries(resourcesOf(stateless, 'AWS::IAM::Policy'))) {
      for (const st of p.Properties!.PolicyDocument.Statement) {
        for (const a of asArray(st.Action as string)) expect(a, id).not.toMatch(/^dynamodb:(Scan|DeleteTable|UpdateTable|CreateTable)$/);
      }
    }
  });
});

describe('table', () => {
  it('has the keys, GSIs, stream and TTL of shared/store/table.ts, PITR and deletion protection', () => {
    stateful.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: GSIS.map((g) =>
          Match.objectLike({
            IndexName: g,
            KeySchema: [
              { AttributeName: `${g}pk`, KeyType: 'HASH' },
              { AttributeName: `${g}sk`, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          }),
        ),
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
      }),
    });
    const attrs = Object.values(resourcesOf(stateful, 'AWS::DynamoDB::GlobalTable'))[0]!.Properties!.AttributeDefinitions;
    expect(attrs.every((a: { AttributeType: string }) => a.AttributeType === 'S')).toBe(true);
  });
});

describe('bus', () => {
  it('deploys every queue the code declares: QUEUES and the channel queues of the brand config', () => {
    expect(settings.queues.map((q) => q.name).sort()).toEqual(
      [...QUEUES, ...channelQueues(settings.brands, { arrayFilters: true })].map((q) => q.name).sort(),
    );
    expect(QUEUES).toEqual([...FLOW_QUEUES, ...BROADCAST_QUEUES]);
    expect(settings.queues.length).toBeGreaterThan(QUEUES.length);
  });

  it('gives every queue a DLQ with the spec maxReceiveCount and visibility timeout', () => {
    for (const spec of settings.queues) {
      const q = resourcesOf(stateful, 'AWS::SQS::Queue')[queueId(spec.name)]!.Properties!;
      expect(q.VisibilityTimeout, spec.name).toBe(spec.visibilityTimeoutSeconds);
      expect(q.RedrivePolicy.maxReceiveCount, spec.name).toBe(spec.maxReceiveCount);
      expect(q.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0], spec.name).toBe(queueId(dlqName(spec.name)));
    }
    // And no queue without a DLQ except the DLQs and the stream-failure destination themselves.
    const dlqIds = new Set(Object.values(resourcesOf(stateful, 'AWS::SQS::Queue')).flatMap((q) => q.Properties?.RedrivePolicy ? [q.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]] : []));
    for (const [id, q] of Object.entries(resourcesOf(stateful, 'AWS::SQS::Queue'))) {
      if (!q.Properties?.RedrivePolicy) expect(dlqIds.has(id) || id === queueId('stream-failures'), id).toBe(true);
      expect(q.Properties?.SqsManagedSseEnabled, id).toBe(true);
    }
  });

  it('subscribes every queue to its topic with exactly the filter policy the code declares', () => {
    const topics = resourcesOf(stateful, 'AWS::SNS::Topic');
    const topicId = (name: string) => Object.entries(topics).find(([, t]) => t.Properties?.TopicName === `${settings.prefix}${name}`)![0];
    const subs = Object.values(resourcesOf(stateful, 'AWS::SNS::Subscription'));
    for (const spec of settings.queues) {
      const sub = subs.find((s) => s.Properties!.Protocol === 'sqs' && s.Properties!.Endpoint['Fn::GetAtt'][0] === queueId(spec.name));
      expect(sub, spec.name).toBeDefined();
      expect(sub!.Properties!.TopicArn, spec.name).toEqual({ Ref: topicId(TOPICS[spec.topic]) });
      expect(sub!.Properties!.FilterPolicy, spec.name).toEqual(spec.filterPolicy);
      expect(sub!.Properties!.RawMessageDelivery ?? false, spec.name).toBe(false);
    }
  });

  it('publishes the topics under their contract names, encrypted, TLS only', () => {
    for (const name of Object.values(TOPICS)) {
      stateful.hasResourceProperties('AWS::SNS::Topic', { TopicName: `${settings.prefix}${name}`, KmsMasterKeyId: Match.anyValue() });
    }
    stateful.resourceCountIs('AWS::SNS::TopicPolicy', Object.keys(TOPICS).length);
  });
});

describe('event sources', () => {
  const mappings = () => Object.values(resourcesOf(stateless, 'AWS::Lambda::EventSourceMapping'));
  const fnOf = (m: { Properties?: Record<string, any> }) => [...fns.entries()].find(([, f]) => m.Properties!.FunctionName.Ref === f.id)?.[0];

  it('feeds triage from the stream: batch, bisect, retries, max age, failure queue, partial failures', () => {
    const m = mappings().filter((x) => fnOf(x) === 'triage');
    expect(m).toHaveLength(1);
    expect(m[0]!.Properties).toMatchObject({
      BatchSize: TRIAGE_STREAM.batchSize,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: TRIAGE_STREAM.retryAttempts,
      MaximumRecordAgeInSeconds: TRIAGE_STREAM.maxRecordAge.toSeconds(),
      ParallelizationFactor: TRIAGE_STREAM.parallelizationFactor,
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(importsOf(m[0]!.Properties!.EventSourceArn)).toMatch(/StreamArn/);
    expect(importsOf(m[0]!.Properties!.DestinationConfig.OnFailure.Destination)).toMatch(/StreamFailures/);
    expect(JSON.parse(m[0]!.Properties!.FilterCriteria.Filters[0].Pattern)).toEqual({
      eventName: ['INSERT', 'MODIFY'],
      dynamodb: { Keys: { pk: { S: [{ prefix: 'MENTION#' }] } } },
    });
  });

  it('feeds the table stream to exactly the STREAM_CONSUMERS the local runtime polls', () => {
    const consumers = mappings().filter((m) => importsOf(m.Properties!.EventSourceArn).includes('StreamArn')).map(fnOf);
    expect(consumers.sort()).toEqual([...STREAM_CONSUMERS].sort());
  });

  it('feeds enrich from the stream, only mentions still waiting for their text', () => {
    const m = mappings().filter((x) => fnOf(x) === 'enrich');
    expect(m).toHaveLength(1);
    expect(m[0]!.Properties).toMatchObject({
      BatchSize: ENRICH_STREAM.batchSize,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: ENRICH_STREAM.retryAttempts,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(JSON.parse(m[0]!.Properties!.FilterCriteria.Filters[0].Pattern)).toEqual({
      dynamodb: { NewImage: { type: { S: ['mention'] }, textPending: { BOOL: [true] } } },
    });
  });

  it('feeds every queue to the function its spec names, with partial batch responses and the concurrency cap', () => {
    for (const spec of settings.queues) {
      const m = mappings().filter((x) => x.Properties!.EventSourceArn && importsOf(x.Properties!.EventSourceArn).includes(queueId(spec.name)));
      if (!fns.has(spec.fn)) continue; // reported by "deploys every function"
      expect(m, spec.name).toHaveLength(1);
      expect(fnOf(m[0]!), spec.name).toBe(spec.fn);
      expect(m[0]!.Properties!.FunctionResponseTypes, spec.name).toEqual(['ReportBatchItemFailures']);
      if (spec.maxConcurrency === undefined) expect(m[0]!.Properties!.ScalingConfig, spec.name).toBeUndefined();
      else expect(m[0]!.Properties!.ScalingConfig, spec.name).toEqual({ MaximumConcurrency: Math.max(2, spec.maxConcurrency) });
      // A consumer may not outlive the visibility timeout (or a message is processed twice at once).
      expect(fns.get(spec.fn)!.props.Timeout, spec.name).toBeLessThanOrEqual(spec.visibilityTimeoutSeconds);
    }
  });

  it('sweeps due follow-ups every minute', () => {
    const sweep = fns.get('follow-up-sweep');
    expect(sweep).toBeDefined();
    stateless.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [sweep!.id, 'Arn'] }, RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }) })],
    });
  });
});

describe('HTTP API', () => {
  const routes = () => Object.values(resourcesOf(stateless, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!);

  it('routes DESIGN.md webhook, admin and status paths to their functions, without a gateway authorizer', () => {
    const integrations = resourcesOf(stateless, 'AWS::ApiGatewayV2::Integration');
    const fnOfRoute = (key: string) => {
      const route = routes().find((r) => r.RouteKey === key);
      expect(route, key).toBeDefined();
      expect(route!.AuthorizationType ?? 'NONE', key).toBe('NONE');
      const integrationId = (route!.Target['Fn::Join'][1][1] as { Ref: string }).Ref;
      const uri = integrations[integrationId]!.Properties!.IntegrationUri;
      return [...fns.entries()].find(([, f]) => uri['Fn::GetAtt']?.[0] === f.id)?.[0];
    };
    for (const r of WEBHOOK_ROUTES) expect(fnOfRoute(`${r.method} ${r.path}`)).toBe('webhooks');
    for (const r of [...ADMIN_ROUTES, ...STATUS_ROUTES]) expect(fnOfRoute(`${r.method} ${r.path}`)).toBe('api');
    for (const key of ['GET /webhooks/x', 'POST /webhooks/meta', 'POST /api/incidents', 'GET /api/incidents/{id}/deliveries', 'GET /status/{proxy+}']) {
      expect(routes().map((r) => r.RouteKey)).toContain(key);
    }
  });

  it('throttles every route on its own', () => {
    const stage = Object.values(resourcesOf(stateless, 'AWS::ApiGatewayV2::Stage'))[0]!.Properties!;
    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) });
    for (const r of routes()) {
      expect(stage.RouteSettings[r.RouteKey], r.RouteKey).toEqual({ ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) });
    }
    expect(stage.RouteSettings['POST /webhooks/meta'].ThrottlingRateLimit).toBeGreaterThan(stage.RouteSettings['POST /status/{proxy+}'].ThrottlingRateLimit);
    expect(stage.AccessLogSettings.DestinationArn).toBeDefined();
  });

  it('gives the api function its public URL', () => {
    expect(fns.get('api')?.props.Environment.Variables.PUBLIC_URL).toBeDefined();
  });
});

describe('alarms', () => {
  const alarms = () => Object.values(resourcesOf(stateless, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);

  it('alarms on every DLQ above zero', () => {
    const dlqs = settings.queues.map((q) => dlqName(q.name)).concat('stream-failures');
    for (const name of dlqs) {
      const a = alarms().filter((x) => x.MetricName === 'ApproximateNumberOfMessagesVisible' && importsOf(x.Dimensions).includes(queueId(name)));
      expect(a, name).toHaveLength(1);
      expect(a[0]).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    }
  });

  it('alarms on errors and throttles of every function, stream iterator age and SLA breaches, all to the alarm topic', () => {
    for (const { id } of fns.values()) {
      for (const metric of ['Errors', 'Throttles']) {
        expect(alarms().filter((a) => a.MetricName === metric && a.Dimensions?.[0]?.Value?.Ref === id), `${id} ${metric}`).toHaveLength(1);
      }
    }
    expect(alarms().some((a) => a.MetricName === 'IteratorAge' && a.Namespace === 'AWS/Lambda')).toBe(true);
    expect(alarms().some((a) => a.MetricName === SLA_BREACH_METRIC.metricName && a.Namespace === SLA_BREACH_METRIC.namespace)).toBe(true);
    expect(alarms().some((a) => a.MetricName === REPLIES_FAILED_METRIC.metricName && a.Namespace === REPLIES_FAILED_METRIC.namespace)).toBe(true);
    const topic = Object.keys(resourcesOf(stateless, 'AWS::SNS::Topic'))[0];
    for (const a of alarms()) expect(a.AlarmActions).toEqual([{ Ref: topic }]);
  });
});
