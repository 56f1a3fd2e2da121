import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FUNCTION_NAMES } from '../../infra/constructs/capability.ts';
import { REPLIES_FAILED_METRIC, SLA_BREACH_METRIC } from '../../infra/constructs/operations.ts';
import { ADMIN_ROUTES, STATUS_ROUTES } from '../../infra/constructs/api-function.ts';
import { ENRICH_STREAM, WEBHOOK_ROUTES } from '../../infra/constructs/ingest.ts';
import { TRIAGE_STREAM } from '../../infra/constructs/triage.ts';
import { THROTTLES } from '../../infra/constructs/http-api.ts';
import { APP_PATHS, ORIGIN_VERIFY_HEADER, UNCACHED_PATHS, VIEWER_ADDRESS_HEADER } from '../../infra/constructs/status-cdn.ts';
import { webAclParameterName, WAF_RULES } from '../../infra/edge-waf-stack.ts';
import { CREDENTIAL_TARGET_TYPES } from '../../shared/config/channel-credentials.ts';
import { loadBrands } from '../../shared/config/load.ts';
import type { Settings } from '../../infra/settings.ts';
import type { StatelessStack } from '../../infra/stateless-stack.ts';
import { TOMBSTONE_PK_PREFIX } from '../../infra/constructs/wecare-function.ts';
import { tombstonePk } from '../../shared/privacy/tombstone.ts';
import { settingsFrom } from '../../infra/settings.ts';
import { dlqName, QUEUES, STREAM_CONSUMERS, TOPICS } from '../../shared/bus/topology.ts';
import { BROADCAST_QUEUES, FLOW_QUEUES } from '../../shared/bus/queues.ts';
import { channelQueues } from '../../shared/incidents/queues.ts';
import { GSIS, PROJECTIONS } from '../../shared/store/table.ts';
import { asArray, functionsByName, resourcesOf, statementsOfRole, synthWecare } from './synth.ts';

let stateful: Template;
let stateless: Template;
let edge: Template;
let stack: StatelessStack;
let edgeRegion: string;
let settings: Settings;
let fns: ReturnType<typeof functionsByName>;

beforeAll(() => {
  const s = synthWecare();
  stateful = s.statefulTemplate;
  stateless = s.statelessTemplate;
  edge = s.edgeTemplate;
  stack = s.stateless;
  edgeRegion = s.edge.region;
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
            // X-Ray and the SNS SMS account setting (deploy-time custom resource) have no resource-level permissions.
            expect(asArray(st.Action as string).every((a) => a.startsWith('xray:') || a === 'sns:SetSMSAttributes'), `${id}: * resource for ${st.Action}`).toBe(true);
          }
        }
      }
    }
  });

  it('lets the webhook function PutItem/UpdateItem on the table, Query only tombstone partitions, and nothing else on data', () => {
    const st = statements('webhooks');
    const data = st.filter((s) => asArray(s.Action).some((a) => /^(dynamodb|sns|sqs):/.test(a)));
    expect(data).toHaveLength(2);
    const writes = data.find((s) => asArray(s.Action).includes('dynamodb:PutItem'))!;
    expect(asArray(writes.Action).sort()).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem']);
    // The table ARN itself, no index, no stream.
    expect(asArray(writes.Resource)).toHaveLength(1);
    expect(importsOf(writes.Resource)).toMatch(/MentionsTable/);
    const reads = data.find((s) => asArray(s.Action).includes('dynamodb:Query'))! as { Action: string; Resource: unknown; Condition?: unknown };
    expect(reads.Action).toBe('dynamodb:Query');
    expect(asArray(reads.Resource)).toHaveLength(1);
    expect(reads.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${TOMBSTONE_PK_PREFIX}*`] } });
    // The prefix the grant allows is the one the code writes.
    vi.stubEnv('PRIVACY_HASH_KEY', 'k'.repeat(40));
    expect(tombstonePk('x', '123').startsWith(TOMBSTONE_PK_PREFIX)).toBe(true);
    vi.unstubAllEnvs();
    const allActions = [...new Set(st.flatMap((s) => asArray(s.Action)))].sort();
    expect(allActions).toEqual(
      ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:GetSecretValue', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort(),
    );
    const secrets = st.filter((s) => asArray(s.Action).includes('secretsmanager:GetSecretValue')).map((s) => importsOf(s.Resource));
    expect(secrets).toHaveLength(2);
    expect(secrets.join()).toMatch(/Secretsinbound/);
    expect(secrets.join()).toMatch(/Secretsprivacy/);
  });

  it('reads only the secret groups each function needs', () => {
    const want: Record<string, string[]> = {
      webhooks: ['inbound', 'privacy'], api: ['admin', 'outbound', 'origin', 'privacy'], enrich: ['outbound', 'privacy'], 'thank-you': ['outbound'],
      'follow-up-sweep': ['outbound'], broadcast: ['outbound', 'privacy'], 'outage-reply': ['outbound'], triage: [], 'mail-events': [],
    };
    for (const name of fns.keys()) {
      const reads = statements(name).filter((s) => asArray(s.Action).includes('secretsmanager:GetSecretValue'));
      const groups = reads.map((r) => /Secrets(inbound|admin|outbound|origin|privacy)/.exec(importsOf(r.Resource))?.[1]);
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
            // The two indexes every mention passes through carry only what their readers need.
            Projection: PROJECTIONS[g].type === 'ALL' ? { ProjectionType: 'ALL' } : { ProjectionType: 'INCLUDE', NonKeyAttributes: (PROJECTIONS[g] as { attributes: string[] }).attributes },
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
    // Plus the SES bounce/complaint topic (infra/constructs/status-mail.ts), encrypted with a key SES may use.
    stateful.resourceCountIs('AWS::SNS::TopicPolicy', Object.keys(TOPICS).length + 1);
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

  it('routes the webhook, admin and status paths to their functions, without a gateway authorizer', () => {
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

/** The managed policies (ids, not resources): CachingDisabled and AllViewerExceptHostHeader. */
const CACHING_DISABLED = CachePolicy.CACHING_DISABLED.cachePolicyId;
const ALL_VIEWER_EXCEPT_HOST = OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId;

describe('status pages behind CloudFront (issue 11 items 4, 10)', () => {
  const distribution = () => Object.values(resourcesOf(stateless, 'AWS::CloudFront::Distribution'))[0]!.Properties!.DistributionConfig;
  const policyOf = (ref: { Ref: string }) => resourcesOf(stateless, 'AWS::CloudFront::OriginRequestPolicy')[ref.Ref]!.Properties!.OriginRequestPolicyConfig;
  const statusBehaviors = () => (distribution().CacheBehaviors as Array<Record<string, any>>).filter((b) => b.PathPattern.startsWith('/status/'));

  it('forwards CloudFront-Viewer-Address on every behaviour, through origin request policies', () => {
    stateless.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: Match.objectLike({ HeadersConfig: { HeaderBehavior: 'whitelist', Headers: Match.arrayWith([VIEWER_ADDRESS_HEADER]) } }),
    });
    const d = distribution();
    for (const b of [d.DefaultCacheBehavior, ...d.CacheBehaviors]) {
      // The console and /api/* take the managed AllViewerExceptHostHeader, which includes CloudFront's headers.
      if (b.OriginRequestPolicyId === ALL_VIEWER_EXCEPT_HOST) continue;
      expect(policyOf(b.OriginRequestPolicyId).HeadersConfig.Headers, b.PathPattern ?? 'default').toContain(VIEWER_ADDRESS_HEADER);
    }
    expect(d.CacheBehaviors.filter((b: { OriginRequestPolicyId: unknown }) => b.OriginRequestPolicyId === ALL_VIEWER_EXCEPT_HOST)).toHaveLength(APP_PATHS.length);
  });

  it('caches status GETs on Accept-Language and ?lang= with the TTL the origin sends', () => {
    const d = distribution();
    expect(d.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    const cache = resourcesOf(stateless, 'AWS::CloudFront::CachePolicy')[d.DefaultCacheBehavior.CachePolicyId.Ref]!.Properties!.CachePolicyConfig;
    expect(cache).toMatchObject({
      DefaultTTL: 0,
      MinTTL: 0,
      ParametersInCacheKeyAndForwardedToOrigin: {
        HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Accept-Language'] },
        QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: ['lang'] },
        CookiesConfig: { CookieBehavior: 'none' },
      },
    });
  });

  it('passes subscribe, confirm and unsubscribe uncached, with every method and the whole query', () => {
    const behaviors = statusBehaviors();
    expect(behaviors.map((b) => b.PathPattern).sort()).toEqual([...UNCACHED_PATHS].sort());
    for (const b of behaviors) {
      expect(b.AllowedMethods, b.PathPattern).toEqual(expect.arrayContaining(['GET', 'POST']));
      // The managed CachingDisabled policy.
      expect(b.CachePolicyId, b.PathPattern).toBe(CACHING_DISABLED);
      expect(policyOf(b.OriginRequestPolicyId).QueryStringsConfig, b.PathPattern).toEqual({ QueryStringBehavior: 'all' });
    }
    // CloudFront path patterns: * spans slashes, so both confirm links and the form post match.
    const glob = (p: string) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    for (const path of ['/status/demo/subscribe', '/status/demo/subscribe/confirm', '/status/demo/unsubscribe']) {
      expect(UNCACHED_PATHS.some((p) => glob(p).test(path)), path).toBe(true);
    }
    expect(UNCACHED_PATHS.some((p) => glob(p).test('/status/demo/api/v2/summary.json'))).toBe(false);
  });

  it('serves /console, /console/* and /api/* from the HTTP API: uncached, every method, every viewer header but Host (sign-in work, issue 13 item 6)', () => {
    const d = distribution();
    const app = (d.CacheBehaviors as Array<Record<string, any>>).filter((b) => !b.PathPattern.startsWith('/status/'));
    expect(app.map((b) => b.PathPattern).sort()).toEqual(['/api/*', '/console', '/console/*']);
    expect([...APP_PATHS].sort()).toEqual(['/api/*', '/console', '/console/*']);
    for (const path of APP_PATHS) {
      stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          CacheBehaviors: Match.arrayWith([
            Match.objectLike({
              PathPattern: path,
              TargetOriginId: d.DefaultCacheBehavior.TargetOriginId,
              CachePolicyId: CACHING_DISABLED,
              OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
              AllowedMethods: Match.arrayEquals(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
              ViewerProtocolPolicy: path === '/api/*' ? 'https-only' : 'redirect-to-https',
            }),
          ]),
        }),
      });
    }
    // The one origin (the HTTP API) with its secret header: the api trusts CloudFront-Viewer-Address only with it.
    expect(d.Origins).toHaveLength(1);
    // Webhooks are not served here: the platforms call the execute-api URL.
    expect(d.CacheBehaviors.some((b: { PathPattern: string }) => b.PathPattern.startsWith('/webhooks'))).toBe(false);
  });

  it('serves the console at PUBLIC_URL and tells the deployer its URL', () => {
    const url = JSON.stringify(fns.get('api')!.props.Environment.Variables.PUBLIC_URL);
    expect(url).toMatch(/StatusCdnDistribution.*DomainName/);
    stateless.hasOutput('ConsoleUrl', { Value: { 'Fn::Join': ['', Match.arrayWith([Match.objectLike({ 'Fn::GetAtt': Match.arrayWith(['DomainName']) }), '/console'])] } });
  });

  it('sends the origin secret header from Secrets Manager (a dynamic reference, never the value) to the HTTP API over TLS', () => {
    const [origin] = distribution().Origins as Array<Record<string, any>>;
    expect(origin!.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(JSON.stringify(origin!.DomainName)).toMatch(/HttpApi.*execute-api/);
    const header = origin!.OriginCustomHeaders.find((h: { HeaderName: string }) => h.HeaderName === ORIGIN_VERIFY_HEADER);
    const value = JSON.stringify(header.HeaderValue);
    expect(value).toContain('{{resolve:secretsmanager:');
    expect(value).toMatch(/Secretsorigin/);
    expect(value).toContain(':SecretString:CLOUDFRONT_ORIGIN_SECRET::}}');
  });

  it('generates the origin secret and lets only the api function read it', () => {
    stateful.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: `${settings.prefix}origin`,
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'CLOUDFRONT_ORIGIN_SECRET', PasswordLength: 40 }),
    });
    for (const [name, fn] of fns) {
      expect(JSON.stringify(fn.props.Environment.Variables.SECRETS_ARNS ?? '').includes('Secretsorigin'), name).toBe(name === 'api');
    }
  });

  it('links status pages at the CloudFront domain, not at the HTTP API', () => {
    for (const name of ['api', 'broadcast', 'outage-reply']) {
      const url = JSON.stringify(fns.get(name)!.props.Environment.Variables.PUBLIC_URL);
      expect(url, name).toMatch(/StatusCdnDistribution.*DomainName/);
    }
  });

  it('attaches the web ACL whose ARN the edge stack publishes in us-east-1', () => {
    const acl = distribution().WebACLId;
    expect(acl['Fn::GetAtt'][1]).toBe('Parameter.Value');
    const read = resourcesOf(stateless, 'Custom::AWS')[acl['Fn::GetAtt'][0]]!.Properties!;
    expect(JSON.parse(read.Create)).toMatchObject({ service: 'SSM', action: 'getParameter', region: 'us-east-1', parameters: { Name: webAclParameterName(settings.prefix) } });
    edge.hasResourceProperties('AWS::SSM::Parameter', { Name: webAclParameterName(settings.prefix), Value: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } });
  });
});

/** Whether a WAF statement (byte matches on the path or method, and/or/not) matches a request. */
type Statement = Record<string, any>;
function matches(st: Statement, req: { path: string; method: string }): boolean {
  if (st.NotStatement) return !matches(st.NotStatement.Statement, req);
  if (st.OrStatement) return st.OrStatement.Statements.some((x: Statement) => matches(x, req));
  if (st.AndStatement) return st.AndStatement.Statements.every((x: Statement) => matches(x, req));
  const b = st.ByteMatchStatement;
  if (!b) throw new Error(`no test evaluator for ${Object.keys(st).join()}`);
  expect(b.TextTransformations).toEqual([{ Priority: 0, Type: 'NONE' }]);
  const field = b.FieldToMatch.UriPath ? req.path : b.FieldToMatch.Method ? req.method : undefined;
  if (field === undefined) throw new Error(`no test evaluator for ${JSON.stringify(b.FieldToMatch)}`);
  if (b.PositionalConstraint === 'EXACTLY') return field === b.SearchString;
  if (b.PositionalConstraint === 'STARTS_WITH') return field.startsWith(b.SearchString);
  throw new Error(`no test evaluator for ${b.PositionalConstraint}`);
}

describe('edge WAF (us-east-1)', () => {
  const rules = () => Object.values(resourcesOf(edge, 'AWS::WAFv2::WebACL'))[0]!.Properties!.Rules as Array<Record<string, any>>;
  const rule = (name: string) => rules().find((r) => r.Name === name)!;
  /** Whether a rate rule counts this request (its scope-down matches). */
  const counts = (name: string, path: string, method = 'GET') => matches(rule(name).Statement.RateBasedStatement.ScopeDownStatement, { path, method });

  it('lives in us-east-1 with scope CLOUDFRONT', () => {
    expect(edgeRegion).toBe('us-east-1');
    edge.resourceCountIs('AWS::WAFv2::WebACL', 1);
    edge.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
  });

  it('rate-limits every viewer IP on all status requests and, tighter, on POSTs, answering 429', () => {
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: WAF_RULES.statusPerIp,
          Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: settings.waf.statusPerMinute, EvaluationWindowSec: 60 } },
        }),
      ]),
    });
    const writes = rule(WAF_RULES.writesPerIp);
    expect(writes.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP', Limit: settings.waf.writesPerMinute, EvaluationWindowSec: 60 });
    expect(settings.waf.writesPerMinute).toBeLessThan(settings.waf.statusPerMinute);
    for (const r of [writes, rule(WAF_RULES.statusPerIp)]) expect(r.Action.Block.CustomResponse.ResponseCode).toBe(429);
    // Status requests only: an agent's POSTs to /api/* or /console/logout are not subscribe forms.
    expect(counts(WAF_RULES.writesPerIp, '/status/demo/subscribe', 'POST')).toBe(true);
    expect(counts(WAF_RULES.writesPerIp, '/status/demo/subscribe', 'GET')).toBe(false);
    expect(counts(WAF_RULES.writesPerIp, '/api/incidents', 'POST')).toBe(false);
    expect(counts(WAF_RULES.writesPerIp, '/console/logout', 'POST')).toBe(false);
    expect(counts(WAF_RULES.statusPerIp, '/status/demo')).toBe(true);
    expect(counts(WAF_RULES.statusPerIp, '/api/mentions')).toBe(false);
  });

  it('rate-limits every viewer IP on the console and /api/*, generously, answering 429', () => {
    const app = rule(WAF_RULES.appPerIp);
    expect(app.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP', Limit: settings.waf.appPerMinute, EvaluationWindowSec: 60 });
    expect(app.Action.Block.CustomResponse).toMatchObject({ ResponseCode: 429, ResponseHeaders: [{ Name: 'retry-after', Value: '60' }] });
    // At least 1,000 per 5 minutes, and below what one admin route takes from all clients together.
    expect(settings.waf.appPerMinute * 5).toBeGreaterThanOrEqual(1000);
    expect(settings.waf.appPerMinute).toBeLessThan(THROTTLES.admin.rate * 60);
    for (const [path, method] of [['/console', 'GET'], ['/console/callback', 'GET'], ['/console/logout', 'POST'], ['/api/mentions', 'GET'], ['/api/incidents', 'POST']] as const) {
      expect(counts(WAF_RULES.appPerIp, path, method), `${method} ${path}`).toBe(true);
    }
    expect(counts(WAF_RULES.appPerIp, '/status/demo')).toBe(false);
  });

  it('blocks every path but /status/, /console and /api/ before anything else (webhooks too)', () => {
    const first = [...rules()].sort((a, b) => a.Priority - b.Priority)[0]!;
    expect(first).toMatchObject({ Name: WAF_RULES.onlyServed, Action: { Block: {} } });
    const blocked = (path: string, method = 'GET') => matches(first.Statement, { path, method });
    for (const path of ['/status/demo', '/status/demo/subscribe', '/console', '/console/callback', '/console/logout', '/api/mentions', '/api/incidents/1/updates']) {
      expect(blocked(path), path).toBe(false);
    }
    for (const path of ['/', '/webhooks/x', '/webhooks/meta', '/status', '/consoles', '/console.php', '/api', '/apix/mentions', '/admin']) expect(blocked(path, 'POST'), path).toBe(true);
    // The status rules and the reputation list stay, after the path rule.
    expect(rules().map((r) => r.Name).sort()).toEqual(Object.values(WAF_RULES).sort());
    expect(new Set(rules().map((r) => r.Priority)).size).toBe(rules().length);
  });

  it('takes its limits from context, refusing values below WAF\'s floor', () => {
    const from = (context: Record<string, unknown>) => settingsFrom(new App({ context: { 'wecare:config': 'wecare.config.json', ...context } }).node);
    expect(from({ 'wecare:wafRateLimits': '{"statusPerMinute":1200}' }).waf).toEqual({ statusPerMinute: 1200, writesPerMinute: settings.waf.writesPerMinute, appPerMinute: settings.waf.appPerMinute });
    expect(from({ 'wecare:wafRateLimits': { appPerMinute: 1000 } }).waf.appPerMinute).toBe(1000);
    expect(() => from({ 'wecare:wafRateLimits': { writesPerMinute: 5 } })).toThrow(/writesPerMinute.*at least 10/);
    expect(from({ 'wecare:smsMonthlySpendLimit': 20 }).smsMonthlySpendLimit).toBe('20');
    expect(() => from({ 'wecare:smsMonthlySpendLimit': '1.5' })).toThrow(/smsMonthlySpendLimit/);
  });
});

describe('SNS SMS monthly spend limit', () => {
  it('sets MonthlySpendLimit through SetSMSAttributes at deploy, default 1 USD', () => {
    stateless.hasResourceProperties('Custom::AWS', { Create: Match.serializedJson(Match.objectLike({ service: 'SNS', action: 'setSMSAttributes', parameters: { attributes: { MonthlySpendLimit: '1' } } })) });
    stateless.hasResourceProperties('Custom::AWS', { Update: Match.serializedJson(Match.objectLike({ parameters: { attributes: { MonthlySpendLimit: settings.smsMonthlySpendLimit } } })) });
    stateless.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:SetSMSAttributes', Resource: '*' })]) },
    });
  });
});

describe('HTTP API throttles (issue 11 item 10)', () => {
  it('gives every webhook route its own bucket, apart from every anonymous status and admin route', () => {
    const stage = Object.values(resourcesOf(stateless, 'AWS::ApiGatewayV2::Stage'))[0]!.Properties!;
    for (const r of WEBHOOK_ROUTES) {
      expect(stage.RouteSettings[`${r.method} ${r.path}`]).toEqual({ ThrottlingRateLimit: THROTTLES.webhook.rate, ThrottlingBurstLimit: THROTTLES.webhook.burst });
    }
    for (const r of STATUS_ROUTES) expect(stage.RouteSettings[`${r.method} ${r.path}`].ThrottlingRateLimit, r.path).toBeLessThan(THROTTLES.webhook.rate);
  });
});

describe('channel credentials stay out of the bundles (issue 11 item 14)', () => {
  const credentials = () =>
    settings.brands.all.flatMap((b) => b.channels.filter((c) => CREDENTIAL_TARGET_TYPES.includes(c.type)).flatMap((c) => [c.target, c.secret].filter(Boolean) as string[]));

  it('bundles a config without any chat or webhook channel URL or secret, that still parses', () => {
    expect(credentials().length).toBeGreaterThan(0);
    const bundled = readFileSync(settings.bundledConfigFile, 'utf8');
    for (const c of credentials()) expect(bundled).not.toContain(c);
    expect(bundled).not.toMatch(/SINK_URL|\/dev\/sink/);
    const brands = loadBrands(settings.bundledConfigFile).all;
    expect(brands.flatMap((b) => b.channels.map((c) => c.id))).toEqual(settings.brands.all.flatMap((b) => b.channels.map((c) => c.id)));
    expect(settings.channelCredentials).toContain('CHANNEL_TARGET_DEMO_SLACK_OPS');
  });

  it('copies that config, not the deployer\'s, into every function, and puts no credential in any env', () => {
    expect(stack.functions.length).toBe(fns.size);
    for (const fn of stack.functions) expect(fn.configFile, fn.wecareName).toBe(settings.bundledConfigFile);
    const env = JSON.stringify([...fns.values()].map((f) => f.props.Environment.Variables));
    for (const c of credentials()) expect(env).not.toContain(c);
  });
});
