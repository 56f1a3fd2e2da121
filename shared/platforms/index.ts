import type { PlatformAdapter } from './adapter.ts';
import { PlatformError } from './api.ts';
import { generic } from './generic/index.ts';
import { google } from './google/index.ts';
import { facebook, instagram, messenger, whatsapp } from './meta/index.ts';
import { trustpilot } from './trustpilot/index.ts';
import type { ReplyClient, ReplyEnv } from './types.ts';
import { x } from './x/index.ts';

/**
 * Every platform wecare knows, by the name mentions carry. Callers ask the adapter (its rules,
 * reply client, text fetch, status posts) instead of branching on the name; adding a platform is
 * one folder and one line here, plus config. No prototype: a name like `constructor` finds nothing.
 */
export const platformAdapters: Readonly<Record<string, PlatformAdapter>> = Object.assign(
  Object.create(null),
  Object.fromEntries([x, facebook, messenger, instagram, whatsapp, google, trustpilot, generic].map((a) => [a.platform, a])),
);

/** The adapter of a mention's platform; any name of a generic source (`appstore`, `generic:x`) is generic's. */
export const adapterOf = (platform: string): PlatformAdapter => platformAdapters[platform] ?? generic;

/** The platforms a brand has accounts of its own on, with the brand-config `accounts` key they are listed under. */
export const accountPlatforms = (): Array<{ platform: string; accountKind: string }> =>
  Object.values(platformAdapters).flatMap(({ platform, inbound }) => {
    const accountKind = inbound.accounts[platform];
    return accountKind ? [{ platform, accountKind }] : [];
  });

/** The reply client of a platform; generic sources (app stores, forms) have none. */
export function replyClient(platform: string): ReplyClient {
  const adapter = adapterOf(platform);
  if (!adapter.rules.answerable || !adapter.reply) throw new PlatformError('permanent', `${platform}: wecare cannot reply on this platform`);
  return adapter.reply;
}

export const canReply = (platform: string) => {
  const adapter = adapterOf(platform);
  return adapter.rules.answerable && adapter.reply !== undefined;
};

/**
 * Base URLs and tokens by the env names the adapters declare, read once at cold start. The
 * defaults are the real APIs, never a sink: local mode points the base URLs at its sink itself.
 * A missing token fails at send with the variable's name, so one unconfigured platform never
 * stops the others.
 */
export function readReplyEnv(env: Record<string, string | undefined>): ReplyEnv {
  const out: Required<ReplyEnv> = { urls: {}, tokens: {}, settings: {} };
  for (const { env: declared } of Object.values(platformAdapters)) {
    if (declared.api) {
      out.urls[declared.api.name] = env[declared.api.baseUrl] ?? declared.api.defaultUrl;
      out.tokens[declared.api.name] = env[declared.api.token];
    }
    for (const name of declared.settings ?? []) out.settings[name] = env[name];
  }
  return out;
}
