import type { WecareConfig } from './brand.ts';

/**
 * Channel credentials out of the config. A Slack, Teams or Discord webhook URL is a credential
 * (whoever holds it posts in the channel), and so is a webhook channel's URL and signing secret.
 * The local demo keeps them inline; in AWS the CDK app strips them from the config it bundles and
 * the deployer puts them in the outbound secret, one flat key per channel, read at cold start:
 *
 *   CHANNEL_TARGET_<BRAND>_<CHANNEL>   the channel's URL
 *   CHANNEL_SECRET_<BRAND>_<CHANNEL>   a webhook channel's signing secret
 *
 * <BRAND> and <CHANNEL> are the ids upper-cased, every run of other characters one `_`
 * (demo/slack-ops → CHANNEL_TARGET_DEMO_SLACK_OPS). Flat string keys, so the Secrets Manager
 * console's key/value editor can hold them. A value in the config wins over the environment.
 */

/** Channel types whose target is itself a credential. */
export const CREDENTIAL_TARGET_TYPES: readonly string[] = ['slack', 'teams', 'discord', 'webhook'];

const part = (id: string) => id.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
export const channelTargetEnv = (brand: string, channel: string) => `CHANNEL_TARGET_${part(brand)}_${part(channel)}`;
export const channelSecretEnv = (brand: string, channel: string) => `CHANNEL_SECRET_${part(brand)}_${part(channel)}`;

/** Two channels whose ids fold to the same env name would read each other's credential: refused. */
export function checkChannelEnvNames(config: WecareConfig): void {
  const seen = new Map<string, string>();
  for (const brand of config.brands) {
    for (const channel of brand.channels) {
      const name = channelTargetEnv(brand.id, channel.id);
      const other = seen.get(name);
      if (other) throw new Error(`channels: ${other} and ${brand.id}/${channel.id} both map to ${name}; rename one`);
      seen.set(name, `${brand.id}/${channel.id}`);
    }
  }
}

/** Fills each channel's missing target and secret from the environment (cold start, after loadSecrets). */
export function withChannelCredentials(config: WecareConfig, env: Readonly<Record<string, string | undefined>>): WecareConfig {
  checkChannelEnvNames(config);
  const brands = config.brands.map((brand) => ({
    ...brand,
    channels: brand.channels.map((channel) => {
      const target = channel.target ?? env[channelTargetEnv(brand.id, channel.id)];
      const secret = channel.secret ?? env[channelSecretEnv(brand.id, channel.id)];
      return { ...channel, ...(target ? { target } : {}), ...(secret ? { secret } : {}) };
    }),
  }));
  return { ...config, brands };
}

/** The config as it may travel in a function bundle: no credential targets, no secrets. */
export function withoutChannelCredentials(config: WecareConfig): WecareConfig {
  const brands = config.brands.map((brand) => ({
    ...brand,
    channels: brand.channels.map(({ secret: _secret, ...channel }) =>
      CREDENTIAL_TARGET_TYPES.includes(channel.type) ? { ...channel, target: undefined } : channel,
    ),
  }));
  return { ...config, brands };
}

/** The env names a deployer puts in the outbound secret for a config (what the bundle leaves out). */
export function channelCredentialNames(config: WecareConfig): string[] {
  return config.brands.flatMap((brand) =>
    brand.channels.flatMap((c) => [
      ...(CREDENTIAL_TARGET_TYPES.includes(c.type) ? [channelTargetEnv(brand.id, c.id)] : []),
      ...(c.type === 'webhook' || c.secret ? [channelSecretEnv(brand.id, c.id)] : []),
    ]),
  );
}
