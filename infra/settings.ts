import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Node } from 'constructs';
import type { QueueSpec } from '../shared/bus/topology.ts';
import { QUEUES } from '../shared/bus/topology.ts';
import type { Brands } from '../shared/config/load.ts';
import { channelCredentialNames, withoutChannelCredentials } from '../shared/config/channel-credentials.ts';
import { loadBrands } from '../shared/config/load.ts';
import { channelQueues } from '../shared/incidents/queues.ts';
import { PROJECT_ROOT } from './paths.ts';

/** E-mail or SMS subscription of an operator or customer to a brand's status updates. */
export interface StatusSubscriber {
  brand: string;
  protocol: 'email' | 'sms';
  endpoint: string;
}

/**
 * Deployment settings, all from CDK context (`-c key=value` or cdk.json) with offline defaults:
 * no lookups, no account, no region, so `npm run synth` works anywhere.
 */
export interface Settings {
  /** Prefix of physical names (queues, topics); queue names must end with the spec's name. */
  prefix: string;
  /** Absolute path of the brand config as the deployer wrote it (parsed at synth). */
  configFile: string;
  /**
   * The config copied into every function package: `configFile` without channel credentials
   * (written under the cloud assembly at synth); those come from the outbound secret.
   */
  bundledConfigFile: string;
  /** Env names of the channel credentials the deployer puts in the outbound secret. */
  channelCredentials: string[];
  brands: Brands;
  /** QUEUES plus one queue per brand channel, as the code declares them. */
  queues: QueueSpec[];
  alarmEmail?: string;
  statusSubscribers: StatusSubscriber[];
  /** SNS account setting MonthlySpendLimit in USD (whole dollars; above 1 needs an AWS support case). */
  smsMonthlySpendLimit: string;
  /** E-mail to status subscribers: `wecare:mailFrom` (the sender) and `wecare:mailIdentity` (verify its `domain`, default, or the `address`). */
  mail: { from: string; identity: 'domain' | 'address' };
  /** AWS WAF rate-based rules in front of the distribution (status, console, /api/*), requests per IP per minute. */
  waf: WafLimits;
  /** Outbound platform API base URLs (contract env names). */
  platformUrls: Record<'X_API_URL' | 'META_GRAPH_URL' | 'GOOGLE_BUSINESS_URL' | 'TRUSTPILOT_API_URL', string>;
  /** Who signs people in: the app's own Cognito user pool, or an issuer the deployer names. */
  signIn: SignInSettings;
}

/**
 * `cognito`: the stateful stack creates a user pool, its groups, hosted domain and the console
 * client (optionally federating company IdPs into it). `external`: `wecare:oidcIssuer` (and
 * `wecare:oidcAudience`) name an issuer of JWT access tokens to trust instead; no user pool. The
 * console signs in there as the public client `wecare:oidcClientId` (default `wecare-console`).
 */
export type SignInSettings =
  | { kind: 'cognito'; domainPrefix?: string; identityProviders: IdentityProviderSetting[] }
  | { kind: 'external'; issuer: string; audience: string; clientId: string };

/**
 * A company IdP federated into the user pool (`wecare:identityProviders`, a JSON array). Secrets
 * never sit in context: an OIDC client secret is read at deploy from Secrets Manager.
 */
export type IdentityProviderSetting =
  | {
      type: 'oidc';
      /** Provider name in Cognito (letters, digits, `_-`; federated users are `<name>_<sub>`). */
      name: string;
      issuer: string;
      clientId: string;
      /** Secrets Manager secret (name or ARN) holding the client secret, optionally a JSON key of it. */
      clientSecret: { secret: string; jsonField?: string };
      scopes?: string[];
    }
  | {
      type: 'saml';
      name: string;
      /** The IdP's SAML metadata URL (Entra ID: App federation metadata URL; Okta: Metadata URL). */
      metadataUrl: string;
    };

export interface WafLimits {
  /** Every request to /status/* (cache hits count too) per viewer IP per minute. */
  statusPerMinute: number;
  /** POSTs (subscribe, confirm, unsubscribe) per viewer IP per minute. */
  writesPerMinute: number;
  /** Every request to /console and /api/* through CloudFront per viewer IP per minute. */
  appPerMinute: number;
}

/** WAF's floor for a rate-based rule is 10 requests per window. */
export const WAF_DEFAULTS: WafLimits = { statusPerMinute: 600, writesPerMinute: 20, appPerMinute: 300 };

/** The console's OIDC client id at another issuer unless `wecare:oidcClientId` says otherwise (the code's default too). */
export const DEFAULT_OIDC_CLIENT_ID = 'wecare-console';

export const PLATFORM_URL_DEFAULTS: Settings['platformUrls'] = {
  X_API_URL: 'https://api.x.com',
  META_GRAPH_URL: 'https://graph.facebook.com',
  GOOGLE_BUSINESS_URL: 'https://mybusiness.googleapis.com',
  TRUSTPILOT_API_URL: 'https://api.trustpilot.com',
};

export function settingsFrom(node: Node): Settings {
  const ctx = <T>(key: string): T | undefined => node.tryGetContext(`wecare:${key}`) as T | undefined;
  const file = ctx<string>('config') ?? process.env.WECARE_CONFIG ?? 'wecare.config.json';
  const configFile = isAbsolute(file) ? file : join(PROJECT_ROOT, file);
  // The same parse the functions do at cold start: a bad config fails the synth, not the deploy.
  const brands = loadBrands(configFile);
  const bundledConfigFile = writeBundledConfig(node, configFile, brands.all);
  const urls = ctx<Partial<Settings['platformUrls']>>('platformUrls') ?? {};
  const subscribers = ctx<StatusSubscriber[] | string>('statusSubscribers') ?? [];
  return {
    prefix: ctx<string>('prefix') ?? 'wecare-',
    configFile,
    bundledConfigFile,
    channelCredentials: channelCredentialNames({ brands: brands.all }),
    brands,
    // arrayFilters: real SNS matches String.Array attributes element-wise, so components filter in SNS.
    queues: [...QUEUES, ...channelQueues(brands, { arrayFilters: true })],
    alarmEmail: ctx<string>('alarmEmail'),
    statusSubscribers: typeof subscribers === 'string' ? (JSON.parse(subscribers) as StatusSubscriber[]) : subscribers,
    smsMonthlySpendLimit: spendLimit(ctx<string | number>('smsMonthlySpendLimit') ?? '1'),
    mail: mailSettings(ctx<string>('mailFrom') ?? 'status@status.example.com', ctx<string>('mailIdentity') ?? 'domain'),
    waf: wafLimits(ctx<Partial<WafLimits> | string>('wafRateLimits')),
    platformUrls: { ...PLATFORM_URL_DEFAULTS, ...urls },
    signIn: signInSettings(ctx),
  };
}

function signInSettings(ctx: <T>(key: string) => T | undefined): SignInSettings {
  const issuer = ctx<string>('oidcIssuer');
  if (issuer) {
    if (!/^https:\/\/[^\s]+$/.test(issuer)) throw new Error(`wecare:oidcIssuer: expected an https URL, got ${issuer}`);
    const audience = ctx<string>('oidcAudience');
    if (!audience) throw new Error('wecare:oidcAudience: required with wecare:oidcIssuer (the audience the API checks in access tokens)');
    const clientId = ctx<string>('oidcClientId') ?? DEFAULT_OIDC_CLIENT_ID;
    if (!/^\S+$/.test(clientId)) throw new Error(`wecare:oidcClientId: expected a client id without spaces, got ${JSON.stringify(clientId)}`);
    // Kept exactly as given: the tokens' `iss` must equal it (some issuers end in '/', some do not).
    return { kind: 'external', issuer, audience, clientId };
  }
  const domainPrefix = ctx<string>('authDomainPrefix');
  if (domainPrefix !== undefined && !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(domainPrefix)) {
    throw new Error(`wecare:authDomainPrefix: expected lower-case letters, digits and hyphens, got ${domainPrefix}`);
  }
  const idps = ctx<IdentityProviderSetting[] | string>('identityProviders') ?? [];
  const identityProviders = typeof idps === 'string' ? (JSON.parse(idps) as IdentityProviderSetting[]) : idps;
  for (const idp of identityProviders) {
    if (idp.type !== 'oidc' && idp.type !== 'saml') throw new Error(`wecare:identityProviders ${String((idp as { name?: unknown }).name)}: type must be oidc or saml`);
    if (!/^[\w-]{3,32}$/.test(idp.name ?? '')) throw new Error(`wecare:identityProviders: a provider needs a name of 3–32 letters, digits, _ or -, got ${idp.name}`);
    if (idp.type === 'oidc' && !(idp.issuer && idp.clientId && idp.clientSecret?.secret)) {
      throw new Error(`wecare:identityProviders ${idp.name}: OIDC needs issuer, clientId and clientSecret.secret (a Secrets Manager secret)`);
    }
    if (idp.type === 'saml' && !idp.metadataUrl) throw new Error(`wecare:identityProviders ${idp.name}: SAML needs metadataUrl`);
  }
  return { kind: 'cognito', domainPrefix, identityProviders };
}

/**
 * Writes the config the functions get: the deployer's file minus channel credentials, so a Slack
 * URL or webhook secret never sits in a function package (readable with lambda:GetFunction).
 */
function writeBundledConfig(node: Node, configFile: string, brands: Brands['all']): string {
  const outdir = resolve(PROJECT_ROOT, (node.root as { outdir?: string }).outdir ?? 'cdk.out');
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, 'wecare.config.bundled.json');
  const { brands: stripped } = withoutChannelCredentials({ brands });
  writeFileSync(file, JSON.stringify({ brands: stripped }, null, 2));
  return file;
}

/** The sender must be a plain address: it goes into every mail's From and the SES identity. */
function mailSettings(from: string, identity: string): Settings['mail'] {
  if (!/^[^\s@<>",;]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(from)) throw new Error(`wecare:mailFrom: expected an address like status@status.example.com, got ${from}`);
  if (identity !== 'domain' && identity !== 'address') throw new Error(`wecare:mailIdentity: expected domain or address, got ${identity}`);
  return { from, identity };
}

function spendLimit(value: string | number): string {
  const text = String(value);
  if (!/^\d{1,6}$/.test(text)) throw new Error(`wecare:smsMonthlySpendLimit: expected whole US dollars, got ${text}`);
  return text;
}

function wafLimits(value: Partial<WafLimits> | string | undefined): WafLimits {
  const limits = { ...WAF_DEFAULTS, ...(typeof value === 'string' ? (JSON.parse(value) as Partial<WafLimits>) : value) };
  for (const [k, v] of Object.entries(limits)) {
    if (!Number.isInteger(v) || v < 10) throw new Error(`wecare:wafRateLimits.${k}: expected an integer of at least 10 (WAF's floor), got ${v}`);
  }
  return limits;
}
