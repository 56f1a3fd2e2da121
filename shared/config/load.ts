import { readFileSync } from 'node:fs';
import type { FunctionEnv } from '../env.ts';
import { describeIssues } from '../errors.ts';
import { accountKindOf } from '../platforms/webhooks.ts';
import { type Brand, brandProblems, WecareConfig } from './brand.ts';
import { withChannelCredentials } from './channel-credentials.ts';

/** Brands by id and an index from platform account to brand, built once at cold start. */
export interface Brands {
  all: Brand[];
  byId(id: string): Brand | undefined;
  /** The brand that owns `accountId` on `platform`, under the platform's account kind (messenger: facebook's page ids). */
  byAccount(platform: string, accountId: string): Brand | undefined;
}

export function indexBrands(config: WecareConfig): Brands {
  const ids = new Map(config.brands.map((b) => [b.id, b]));
  const accounts = new Map<string, Brand>();
  for (const brand of config.brands) {
    for (const [platform, list] of Object.entries(brand.accounts)) {
      for (const account of list) accounts.set(`${platform}:${account}`, brand);
    }
  }
  return {
    all: config.brands,
    byId: (id) => ids.get(id),
    byAccount: (platform, accountId) =>
      accounts.get(`${accountKindOf(platform) ?? platform}:${accountId}`) ?? accounts.get(`generic:${platform}:${accountId}`),
  };
}

export function parseConfig(json: unknown, source = 'config'): WecareConfig {
  const result = WecareConfig.safeParse(json);
  if (!result.success) throw new Error(`${source} is invalid: ${describeIssues(result.error.issues)}`);
  for (const [i, brand] of result.data.brands.entries()) {
    const problem = brandProblems(brand);
    if (problem) throw new Error(`${source} is invalid: brands.${i}.${problem}`);
  }
  return result.data;
}

export interface LoadOptions {
  /** Where CHANNEL_TARGET_* / CHANNEL_SECRET_* come from (the function's env at cold start); none: the config's own. */
  env?: Readonly<Record<string, string | undefined>>;
  /** What `{SINK_URL}` expands to (FunctionEnv.sinkUrl); none: left as written. */
  sinkUrl?: string;
}

/** Reads the brand config (WECARE_CONFIG, passed in); a bad file fails the start with a line naming the field. */
export function loadBrands(path = 'wecare.config.json', opts: LoadOptions = {}): Brands {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`WECARE_CONFIG: cannot read ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(opts.sinkUrl === undefined ? raw : raw.replaceAll('{SINK_URL}', opts.sinkUrl));
  } catch (e) {
    throw new Error(`WECARE_CONFIG: ${path} is not valid JSON (${(e as Error).message})`);
  }
  // Channel credentials the config leaves out come from the env (the outbound secret in AWS).
  return indexBrands(withChannelCredentials(parseConfig(json, path), opts.env ?? {}));
}

/** The brands as a function loads them at cold start: its config file, its channel credentials, its sink. */
export function brandsFromEnv(env: Pick<FunctionEnv, 'configFile' | 'vars' | 'sinkUrl'>): Brands {
  return loadBrands(env.configFile, { env: env.vars, sinkUrl: env.sinkUrl });
}
