import { apiOf, callJson, joinUrl, pick } from '../api.ts';
import type { OutboundMessage, ReplyClient, ReplyDeps } from '../types.ts';

/**
 * X API v2, OAuth 2.0 user-context bearer token of the brand account (X_ACCESS_TOKEN).
 * - public: POST /2/tweets {text, reply:{in_reply_to_tweet_id}} → data.id
 * - private: POST /2/dm_conversations/with/:participant_id/messages {text} → data.dm_event_id
 * A lost answer cannot be checked cheaply (search needs a paid tier and lags), so a send whose
 * outcome is unknown is not repeated: at-most-once.
 */
export const xReply: ReplyClient = {
  recovery: () => 'unknown',
  async send(deps: ReplyDeps, msg: OutboundMessage) {
    const { url: base, token } = apiOf(deps, 'x', 'X_ACCESS_TOKEN', 'x');
    if (msg.channel === 'private') {
      const body = await callJson(deps, {
        method: 'POST',
        url: joinUrl(base, `/2/dm_conversations/with/${encodeURIComponent(msg.recipient)}/messages`),
        token,
        body: { text: msg.text },
        platform: 'x',
      });
      return { replyId: pick(body, 'data', 'dm_event_id') ?? pick(body, 'data', 'id') ?? UNKNOWN };
    }
    const body = await callJson(deps, {
      method: 'POST',
      url: joinUrl(base, '/2/tweets'),
      token,
      body: { text: msg.text, reply: { in_reply_to_tweet_id: msg.replyTo } },
      platform: 'x',
    });
    return { replyId: pick(body, 'data', 'id') ?? UNKNOWN };
  },
};

/** A 2xx without an id still means the post exists: recorded as sent, never retried into a double. */
const UNKNOWN = 'unknown';
