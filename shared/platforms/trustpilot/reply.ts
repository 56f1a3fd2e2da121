import { apiOf, callJson, joinUrl, PlatformError } from '../api.ts';
import type { ReplyClient } from '../types.ts';

/**
 * Trustpilot Business API (TRUSTPILOT_ACCESS_TOKEN, OAuth business user):
 * POST /v1/private/reviews/{reviewId}/reply {authorBusinessUserId?, message} → 201, no id.
 * A service review carries one company reply and posting again replaces it, so after a lost
 * answer the outbox may send again. The recorded reply id is `<reviewId>/reply`.
 */
export const trustpilotReply: ReplyClient = {
  recovery: () => 'resend',
  async send(deps, msg) {
    const { url, token } = apiOf(deps, 'trustpilot', 'TRUSTPILOT_ACCESS_TOKEN', 'trustpilot');
    if (msg.channel !== 'public') throw new PlatformError('permanent', 'trustpilot: reviews can only be answered publicly');
    const author = deps.env.settings?.TRUSTPILOT_BUSINESS_USER_ID;
    await callJson(deps, {
      method: 'POST',
      url: joinUrl(url, `/v1/private/reviews/${encodeURIComponent(msg.replyTo)}/reply`),
      token,
      body: { ...(author ? { authorBusinessUserId: author } : {}), message: msg.text },
      platform: 'trustpilot',
    });
    return { replyId: `${msg.replyTo}/reply` };
  },
};
