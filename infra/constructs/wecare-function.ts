import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TOPIC_ENV, type QueueSpec, type TopicKey } from '../../shared/bus/topology.ts';
import { GSIS, TABLE_ENV } from '../../shared/store/table.ts';
import { BUNDLE } from '../bundling.ts';
import { acknowledge } from '../nag.ts';
import { PROJECT_ROOT } from '../paths.ts';

/** Env names the constructs set beyond the code's own constants (contract: infra/README.md). */
export const INFRA_ENV = {
  /** Comma-separated Secrets Manager ARNs; each secret is a JSON object of plain env names → values. */
  secrets: 'SECRETS_ARNS',
  config: 'WECARE_CONFIG',
} as const;

/** Partition key prefix of the erased-author tombstones (shared/privacy/tombstone.ts tombstonePk). */
export const TOMBSTONE_PK_PREFIX = 'ERASED#';

/** Where the brand config lands inside every function package (Lambda's cwd is /var/task). */
export const CONFIG_IN_PACKAGE = 'wecare.config.json';

export interface WecareFunctionProps {
  /** Folder under functions/ whose handler.ts exports `handler`. */
  name: string;
  description: string;
  /** Brand config bundled into the package, absolute path (validated by the app before synth). */
  configFile: string;
  timeout?: Duration;
  memorySize?: number;
  /** Secrets read at cold start through the Parameters and Secrets extension (see README). */
  secrets?: ISecret[];
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  environment?: Record<string, string>;
  /** Folders copied beside the bundle (absolute source → folder name in the package), e.g. the console's assets. */
  packageFolders?: Record<string, string>;
}

/** `functions/<name>/handler.ts` */
export const entryOf = (name: string) => join(PROJECT_ROOT, 'functions', name, 'handler.ts');
export const hasEntry = (name: string) => existsSync(entryOf(name));

/**
 * Every wecare Lambda: Node 22 on arm64, one minified ESM file with the SDK bundled, source maps,
 * X-Ray, a log group with retention, Powertools env. Access is granted only through the methods
 * below, each of which also sets the env var the code reads, so a grant and its name never drift.
 */
export class WecareFunction extends NodejsFunction {
  readonly wecareName: string;
  /** The brand config file copied into the package (Settings.bundledConfigFile in the app). */
  readonly configFile: string;
  private readonly secretArns: string[];

  constructor(scope: Construct, id: string, props: WecareFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Own role, no AWSLambdaBasicExecutionRole: logs go to exactly this log group.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `wecare ${props.name} function`,
    });
    logGroup.grantWrite(role);
    const secrets = props.secrets ?? [];
    super(scope, id, {
      entry: entryOf(props.name),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      paramsAndSecrets: secrets.length
        ? lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103, {
            cacheEnabled: true,
            logLevel: lambda.ParamsAndSecretsLogLevel.WARN,
          })
        : undefined,
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE.target,
        minify: BUNDLE.minify,
        sourceMap: BUNDLE.sourcemap,
        mainFields: [...BUNDLE.mainFields],
        externalModules: [...BUNDLE.external],
        bundleAwsSDK: true,
        banner: BUNDLE.banner,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // The brand config travels inside the package: read once at cold start, no S3 round trip.
          afterBundling: (_in: string, outputDir: string) => [
            `cp "${props.configFile}" "${join(outputDir, CONFIG_IN_PACKAGE)}"`,
            ...Object.entries(props.packageFolders ?? {}).map(([from, to]) => `cp -r "${from}" "${join(outputDir, to)}"`),
          ],
        },
      },
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `wecare-${props.name}`,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: 'wecare',
        [INFRA_ENV.config]: `/var/task/${CONFIG_IN_PACKAGE}`,
        ...props.environment,
      },
    });
    this.wecareName = props.name;
    this.configFile = props.configFile;
    this.secretArns = [];
    acknowledge(
      this,
      'AwsSolutions-L1',
      'Pinned to nodejs22.x on purpose: the runtime the code, the local mode and the bench are tested on; moving to 24.x is a deliberate upgrade, not a drift.',
    );
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions. Every other statement names its resource (tests/infra asserts that only X-Ray uses *).',
    );
    for (const secret of secrets) this.readsSecret(secret);
  }

  /** Ingest's whole access: one conditional PutItem per mention, one conditional UpdateItem per edit. */
  writesMentions(table: ITable): this {
    return this.onTable(table, ['dynamodb:PutItem', 'dynamodb:UpdateItem'], false);
  }

  /**
   * The erased-author tombstones ingest checks before storing (shared/privacy/tombstone.ts): Query
   * on the table, and IAM lets the keys be only tombstone partitions, so the webhook function still
   * reads nothing else of the table.
   */
  readsTombstones(table: ITable): this {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${TOMBSTONE_PK_PREFIX}*`] } },
      }),
    );
    this.addEnvironment(TABLE_ENV, table.tableName);
    return this;
  }

  /** Point reads and queries on the table and its GSIs (never Scan: every access pattern has a key). */
  readsTable(table: ITable): this {
    return this.onTable(table, ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'], true);
  }

  /** Item writes, including those inside TransactWriteItems (authorized per contained action). */
  writesTable(table: ITable): this {
    return this.onTable(table, ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'], false);
  }

  publishesTo(topic: ITopic, key: TopicKey): this {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    this.addEnvironment(TOPIC_ENV[key], topic.topicArn);
    return this;
  }

  /**
   * Manages e-mail/SMS status subscribers: SNS subscriptions on this topic, and the opt-in text.
   * A phone number has no ARN, so the SMS grant is "publish to anything that is not a topic".
   */
  managesSubscriptions(topic: ITopic): this {
    // SNS authorizes Unsubscribe against the subscription's topic.
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Subscribe', 'sns:Unsubscribe'], resources: [topic.topicArn] }));
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish', 'sns:CheckIfPhoneNumberIsOptedOut'], notResources: ['arn:aws:sns:*:*:*'] }));
    return this;
  }

  /** Reads one secret at cold start; its ARN joins SECRETS_ARNS. */
  readsSecret(secret: ISecret): this {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
    this.secretArns.push(secret.secretArn);
    this.addEnvironment(INFRA_ENV.secrets, this.secretArns.join(','));
    return this;
  }

  /** Plain (non-secret) env such as outbound base URLs. */
  withEnvironment(env: Record<string, string>): this {
    for (const [k, v] of Object.entries(env)) this.addEnvironment(k, v);
    return this;
  }

  /**
   * Consumes a queue declared in shared/ with partial batch responses; the spec's concurrency cap
   * protects rate-limited platforms (Lambda's floor for maximumConcurrency is 2).
   */
  consumes(queue: IQueue, spec: QueueSpec): this {
    const timeout = this.timeout?.toSeconds() ?? 3;
    if (spec.visibilityTimeoutSeconds < timeout) {
      throw new Error(`queue ${spec.name}: visibilityTimeoutSeconds ${spec.visibilityTimeoutSeconds} < ${this.wecareName} timeout ${timeout}s`);
    }
    this.addEventSource(
      new SqsEventSource(queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: spec.maxConcurrency === undefined ? undefined : Math.max(2, spec.maxConcurrency),
      }),
    );
    return this;
  }

  private onTable(table: ITable, actions: string[], withIndexes: boolean): this {
    const resources = [table.tableArn, ...(withIndexes ? GSIS.map((g) => `${table.tableArn}/index/${g}`) : [])];
    this.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
    this.addEnvironment(TABLE_ENV, table.tableName);
    return this;
  }
}
