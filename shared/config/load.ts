import { readFileSync } from 'node:fs';
import { describeIssues } from '../errors.ts';
import { accountKindOf } from '../platforms/webhooks.ts';
import { type Brand, WecareConfig } from './brand.ts';
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
  return result.data;
}

/** Reads WECARE_CONFIG (default wecare.config.json); a bad file fails the start with a line naming the field. */
export function loadBrands(path = process.env.WECARE_CONFIG ?? 'wecare.config.json'): Brands {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`WECARE_CONFIG: cannot read ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(expandSinkUrl(raw));
  } catch (e) {
    throw new Error(`WECARE_CONFIG: ${path} is not valid JSON (${(e as Error).message})`);
  }
  // Channel credentials the config leaves out come from the env (the outbound secret in AWS).
  return indexBrands(withChannelCredentials(parseConfig(json, path)));
}

/**
 * Local mode points chat-tool channels at the recording sink. The config says `{SINK_URL}`
 * so one file works on any port; in AWS, brands use real webhook URLs and the placeholder is absent.
 */
function expandSinkUrl(raw: string): string {
  const sink = process.env.WECARE_SINK_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}/dev/sink`;
  return raw.replaceAll('{SINK_URL}', sink);
}
