import { googleReply } from '../platforms/google/reply.ts';
import { metaReply } from '../platforms/meta/reply.ts';
import { trustpilotReply } from '../platforms/trustpilot/reply.ts';
import { xReply } from '../platforms/x/reply.ts';
import { PlatformError, type ReplyClient, type ReplyEnv } from './reply-types.ts';

const CLIENTS: ReplyClient[] = [xReply, metaReply, googleReply, trustpilotReply];
const byPlatform = new Map(CLIENTS.flatMap((c) => c.platforms.map((p) => [p, c] as const)));

/** The reply client of a platform; generic sources (app stores, forms) have none. */
export function replyClient(platform: string): ReplyClient {
  const client = byPlatform.get(platform);
  if (!client) throw new PlatformError('permanent', `${platform}: wecare cannot reply on this platform`);
  return client;
}

export const canReply = (platform: string) => byPlatform.has(platform);

/**
 * Base URLs and tokens from the environment (contract names), read once at cold start.
 * Local mode sets WECARE_SINK_URL, so every platform defaults to the recording sink there;
 * elsewhere the defaults are the real APIs, never a sink by accident. A missing token fails
 * at send with the variable's name, so one unconfigured platform never stops the others.
 */
export function readReplyEnv(env: NodeJS.ProcessEnv = process.env): ReplyEnv {
  const sink = env.WECARE_SINK_URL;
  const url = (name: string, real: string, path: string) => env[name] ?? (sink ? `${sink}${path}` : real);
  return {
    urls: {
      x: url('X_API_URL', 'https://api.x.com', '/x'),
      meta: url('META_GRAPH_URL', 'https://graph.facebook.com', '/meta'),
      google: url('GOOGLE_BUSINESS_URL', 'https://mybusiness.googleapis.com', '/google'),
      trustpilot: url('TRUSTPILOT_API_URL', 'https://api.trustpilot.com', '/trustpilot'),
    },
    tokens: {
      x: env.X_ACCESS_TOKEN,
      meta: env.META_PAGE_TOKEN,
      google: env.GOOGLE_ACCESS_TOKEN,
      trustpilot: env.TRUSTPILOT_ACCESS_TOKEN,
    },
    trustpilotBusinessUserId: env.TRUSTPILOT_BUSINESS_USER_ID,
  };
}
