import * as z from 'zod/mini';
/**
 * The platforms' inbound secrets, read once at cold start (webhookSecretsFromEnv below). An absent
 * one switches its platform's routes off (404): nothing is ever checked against a missing secret.
 */
export interface WebhookSecrets {
  xConsumerSecret?: string;
  metaAppSecret?: string;
  metaVerifyToken?: string;
  /** Standard Webhooks secret, `whsec_…`. */
  webhookSecret?: string;
  googlePushToken?: string;
  trustpilotWebhookToken?: string;
  /** Pub/Sub push OIDC check, on when GOOGLE_PUSH_AUDIENCE is set. */
  googlePush?: { audience: string; serviceAccount: string; jwksUrl: string };
}

/**
 * Environment read once at cold start. A missing secret fails the start with a line that names it,
 * so a misconfigured deploy never answers 500s to a platform at runtime.
 */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** Standard Webhooks keys are 24-64 random bytes; anything an attacker can guess in a day is shorter. */
export const MIN_SECRET_BYTES = 24;
/** What templates and tutorials seed; compared case-insensitively, after trimming. */
const PLACEHOLDERS = new Set(['', 'set_me', 'setme', 'changeme', 'change_me', 'change-me', 'todo', 'secret', 'placeholder']);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Why a secret value must not authenticate anything, or undefined when it may. Exported so every
 * secret wecare holds (inbound tokens, HMAC keys, ADMIN_TOKEN, PRIVACY_HASH_KEY) is judged alike.
 */
export function secretWeakness(name: string, value: string): string | undefined {
  if (PLACEHOLDERS.has(value.trim().toLowerCase())) return `${name} is a placeholder ("${value}"): set the real secret or remove the variable`;
  const bytes = keyBytes(name, value);
  if (typeof bytes === 'string') return bytes;
  if (bytes < MIN_SECRET_BYTES) return `${name} is ${bytes} bytes: at least ${MIN_SECRET_BYTES} are required`;
  return undefined;
}

/** The key length that matters: a whsec_ secret's decoded key, else the UTF-8 bytes HMAC uses. */
function keyBytes(name: string, value: string): number | string {
  if (name !== 'WEBHOOK_SECRET') return Buffer.byteLength(value, 'utf8');
  if (!value.startsWith('whsec_')) return 'WEBHOOK_SECRET must start with whsec_ (Standard Webhooks)';
  const key = value.slice('whsec_'.length);
  if (!BASE64.test(key)) return 'WEBHOOK_SECRET: the key after whsec_ is not base64';
  return Buffer.from(key, 'base64').length;
}

/** A secret that must be set and strong (ADMIN_TOKEN): a placeholder or short value fails the start. */
export function requireSecret(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  const weakness = secretWeakness(name, value);
  if (weakness) throw new Error(weakness);
  return value;
}

/** A secret that may be absent (that platform is then switched off), but never weak when present. */
export function optionalSecret(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const weakness = secretWeakness(name, value);
  if (weakness) throw new Error(weakness);
  return value;
}

/**
 * Each platform's inbound secret. An absent one switches that platform's route off (404); a
 * placeholder or a short one fails the cold start, so `SET_ME` never authenticates a request.
 */
export function webhookSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookSecrets {
  return {
    xConsumerSecret: optionalSecret('X_CONSUMER_SECRET', env),
    metaAppSecret: optionalSecret('META_APP_SECRET', env),
    metaVerifyToken: optionalSecret('META_VERIFY_TOKEN', env),
    webhookSecret: optionalSecret('WEBHOOK_SECRET', env),
    googlePushToken: optionalSecret('GOOGLE_PUSH_TOKEN', env),
    trustpilotWebhookToken: optionalSecret('TRUSTPILOT_WEBHOOK_TOKEN', env),
    googlePush: googlePushFromEnv(env),
  };
}

/**
 * Pub/Sub push OIDC settings. The audience turns the JWT check on; it then needs the service account
 * the subscription pushes as. GOOGLE_JWKS_URL only replaces Google's keys (offline tests).
 */
function googlePushFromEnv(env: NodeJS.ProcessEnv): WebhookSecrets['googlePush'] {
  const audience = env.GOOGLE_PUSH_AUDIENCE;
  if (!audience) return undefined;
  const serviceAccount = env.GOOGLE_PUSH_SERVICE_ACCOUNT;
  if (!serviceAccount) throw new Error('GOOGLE_PUSH_SERVICE_ACCOUNT is not set: required with GOOGLE_PUSH_AUDIENCE');
  return { audience, serviceAccount, jwksUrl: env.GOOGLE_JWKS_URL || GOOGLE_JWKS_URL };
}

export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';

/**
 * Where the AWS SDK clients connect: the services themselves in AWS; the emulators when an
 * endpoint is set (local mode and tests set DYNAMODB_ENDPOINT, SNS_ENDPOINT, SQS_ENDPOINT).
 */
export interface AwsAccess {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  endpoints: { dynamodb?: string; sns?: string; sqs?: string; ses?: string };
}

/** What every function reads at cold start, parsed once (functionEnv) and passed into its context. */
export interface FunctionEnv {
  /** In Lambda (AWS_LAMBDA_FUNCTION_NAME is set): what has a local default is required there. */
  inAws: boolean;
  table: string;
  /** WECARE_CONFIG, the brand config file. */
  configFile: string;
  /** What `{SINK_URL}` in a local config expands to (local mode points chat channels at the recording sink). */
  sinkUrl: string;
  aws: AwsAccess;
  /** The raw variables, for the readers of name families (platform URLs and tokens, CHANNEL_TARGET_*). */
  vars: NodeJS.ProcessEnv;
  topics: { mentionEvents?: string; statusUpdates?: string };
  /** The status page's origin, for links customers receive; set whenever the function renders one. */
  publicUrl?: string;
  /** When the minute sweep nudges a mention the stream consumers have not triaged (see RescueTimings). */
  rescue: RescueTimings;
  /** Sign-in (api): OIDC_ISSUER, OIDC_AUDIENCE, OIDC_CLIENT_ID (default `wecare-console`); absent without OIDC_ISSUER. */
  oidc?: { issuer: string; audience: string; clientId: string };
  /** E-mail to status subscribers (api: opt-in; broadcast: updates): the verified sender and the configuration set. */
  mail?: { from: string; configurationSet?: string };
}

/**
 * `afterMs` (WECARE_RESCUE_AFTER_SECONDS, 120): how long a new mention may wait for triage before the
 * sweep nudges it; the stream takes seconds, this catches records a consumer gave up on. `quietMs`
 * (WECARE_RESCUE_QUIET_SECONDS, 120): after this long without a batch the consumers count as quiet
 * and a waiting mention is nudged though no newer record moved their watermark past it.
 */
export interface RescueTimings {
  afterMs: number;
  quietMs: number;
}

const seconds = (value: string | undefined, fallback: number) => (value === undefined || value === '' ? fallback : Number(value)) * 1000;

const Name = z.optional(z.string().check(z.minLength(1)));
/** The variables every function may read; each function's schema adds what it needs on top. */
const COMMON = {
  AWS_LAMBDA_FUNCTION_NAME: Name, TABLE_NAME: Name, WECARE_CONFIG: Name, WECARE_SINK_URL: Name, PORT: Name,
  WECARE_RESCUE_AFTER_SECONDS: z.optional(z.string().check(z.regex(/^\d+$/, 'expected whole seconds'))),
  WECARE_RESCUE_QUIET_SECONDS: z.optional(z.string().check(z.regex(/^\d+$/, 'expected whole seconds'))),
  AWS_REGION: Name, AWS_ACCESS_KEY_ID: Name, AWS_SECRET_ACCESS_KEY: Name, DYNAMODB_ENDPOINT: Name, SNS_ENDPOINT: Name, SQS_ENDPOINT: Name, SES_ENDPOINT: Name,
};
/** Per function: the variables its schema requires always, and those required only in AWS (locally defaulted). */
export const FUNCTION_ENV = {
  webhooks: { always: [], inAws: ['TABLE_NAME'] },
  // OIDC_ISSUER turns sign-in on (JWT access tokens, the console); it then needs OIDC_AUDIENCE.
  api: { always: ['MENTION_EVENTS_TOPIC_ARN', 'STATUS_UPDATES_TOPIC_ARN', 'PUBLIC_URL'], inAws: ['TABLE_NAME', 'MAIL_FROM'], optional: ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_CLIENT_ID', 'SES_CONFIGURATION_SET'] },
  triage: { always: ['MENTION_EVENTS_TOPIC_ARN'], inAws: ['TABLE_NAME'] },
  enrich: { always: [], inAws: ['TABLE_NAME'] },
  'thank-you': { always: [], inAws: ['TABLE_NAME'] },
  // The sweep also moves scheduled maintenances, each step an update on status-updates (local mode sets it too).
  'follow-up-sweep': { always: [], inAws: ['TABLE_NAME', 'STATUS_UPDATES_TOPIC_ARN'] },
  'outage-reply': { always: [], inAws: ['TABLE_NAME', 'PUBLIC_URL'] },
  broadcast: { always: [], inAws: ['TABLE_NAME', 'PUBLIC_URL', 'MAIL_FROM'], optional: ['SES_CONFIGURATION_SET'] },
  // SES bounce and complaint events (SNS) → the subscriber is suppressed.
  'mail-events': { always: [], inAws: ['TABLE_NAME'] },
} as const satisfies Record<string, { always: readonly string[]; inAws: readonly string[]; optional?: readonly string[] }>;
export type FunctionName = keyof typeof FUNCTION_ENV;

/** The zod schema of one function's environment: COMMON plus its names, required where it says. */
export function envSchema(fn: FunctionName, inAws: boolean) {
  const spec: { always: readonly string[]; inAws: readonly string[]; optional?: readonly string[] } = FUNCTION_ENV[fn];
  const { always, inAws: awsOnly, optional = [] } = spec;
  const required = new Set<string>([...always, ...(inAws ? awsOnly : [])]);
  const own = Object.fromEntries([...always, ...awsOnly, ...optional].map((n) => [n, required.has(n) ? z.string().check(z.minLength(1, `${n} is not set`)) : Name]));
  const shape = { ...COMMON, ...own };
  for (const n of required) if (n in COMMON) (shape as Record<string, unknown>)[n] = z.string().check(z.minLength(1, `${n} is not set`));
  return z.looseObject(shape);
}

/**
 * A function's environment, read once at its cold start and validated by its schema: a missing
 * or empty value fails the start with a line naming it (in AWS: TABLE_NAME, PUBLIC_URL where links
 * go to customers, the topic ARNs). Outside AWS the local defaults apply; local mode
 * (local/runtime.ts) sets every value explicitly anyway.
 */
export function functionEnv(fn: FunctionName, vars: NodeJS.ProcessEnv = process.env): FunctionEnv {
  const inAws = Boolean(vars.AWS_LAMBDA_FUNCTION_NAME);
  const parsed = envSchema(fn, inAws).safeParse(vars);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => (i.message.endsWith('is not set') ? i.message : `${String(i.path[0])}: ${i.message}`));
    throw new Error(`${fn}: ${[...new Set(names)].join('; ')}`);
  }
  // `v`, not `env`: tests/infra/code-contract.test.ts checks these names through FUNCTION_ENV instead.
  const v = parsed.data as Record<string, string | undefined>;
  const endpoints = { dynamodb: v.DYNAMODB_ENDPOINT, sns: v.SNS_ENDPOINT, sqs: v.SQS_ENDPOINT, ses: v.SES_ENDPOINT };
  return {
    inAws,
    table: v.TABLE_NAME ?? 'wecare',
    configFile: v.WECARE_CONFIG ?? 'wecare.config.json',
    sinkUrl: v.WECARE_SINK_URL ?? `http://127.0.0.1:${v.PORT ?? '3000'}/dev/sink`,
    aws: {
      region: v.AWS_REGION ?? 'eu-west-1',
      credentials: { accessKeyId: v.AWS_ACCESS_KEY_ID ?? 'local', secretAccessKey: v.AWS_SECRET_ACCESS_KEY ?? 'local' },
      endpoints,
    },
    vars,
    topics: { mentionEvents: v.MENTION_EVENTS_TOPIC_ARN, statusUpdates: v.STATUS_UPDATES_TOPIC_ARN },
    publicUrl: v.PUBLIC_URL ?? (inAws ? undefined : 'http://localhost:3000'),
    rescue: { afterMs: seconds(v.WECARE_RESCUE_AFTER_SECONDS, 120), quietMs: seconds(v.WECARE_RESCUE_QUIET_SECONDS, 120) },
    oidc: oidcOf(fn, v),
    mail: fn === 'api' || fn === 'broadcast' ? { from: v.MAIL_FROM ?? LOCAL_MAIL_FROM, configurationSet: v.SES_CONFIGURATION_SET } : undefined,
  };
}

/** The sender outside AWS (local mode, tests): the SES emulator takes any address. */
export const LOCAL_MAIL_FROM = 'status@wecare.test';

/** OIDC_ISSUER turns sign-in on; without OIDC_AUDIENCE every token would be refused, so that fails the start. */
function oidcOf(fn: FunctionName, v: Record<string, string | undefined>): FunctionEnv['oidc'] {
  if (fn !== 'api' || !v.OIDC_ISSUER) return undefined;
  if (!v.OIDC_AUDIENCE) throw new Error(`${fn}: OIDC_AUDIENCE is not set (required with OIDC_ISSUER)`);
  return { issuer: v.OIDC_ISSUER, audience: v.OIDC_AUDIENCE, clientId: v.OIDC_CLIENT_ID ?? 'wecare-console' };
}
