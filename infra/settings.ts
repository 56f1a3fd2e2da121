import { isAbsolute, join } from 'node:path';
import type { Node } from 'constructs';
import type { QueueSpec } from '../shared/bus/topology.ts';
import { QUEUES } from '../shared/bus/topology.ts';
import type { Brands } from '../shared/config/load.ts';
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
  /** Absolute path of the brand config bundled into every function. */
  configFile: string;
  brands: Brands;
  /** QUEUES plus one queue per brand channel, as the code declares them. */
  queues: QueueSpec[];
  alarmEmail?: string;
  statusSubscribers: StatusSubscriber[];
  /** Outbound platform API base URLs (contract env names). */
  platformUrls: Record<'X_API_URL' | 'META_GRAPH_URL' | 'GOOGLE_BUSINESS_URL' | 'TRUSTPILOT_API_URL', string>;
}

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
  const urls = ctx<Partial<Settings['platformUrls']>>('platformUrls') ?? {};
  const subscribers = ctx<StatusSubscriber[] | string>('statusSubscribers') ?? [];
  return {
    prefix: ctx<string>('prefix') ?? 'wecare-',
    configFile,
    brands,
    // arrayFilters: real SNS matches String.Array attributes element-wise, so components filter in SNS.
    queues: [...QUEUES, ...channelQueues(brands, { arrayFilters: true })],
    alarmEmail: ctx<string>('alarmEmail'),
    statusSubscribers: typeof subscribers === 'string' ? (JSON.parse(subscribers) as StatusSubscriber[]) : subscribers,
    platformUrls: { ...PLATFORM_URL_DEFAULTS, ...urls },
  };
}
