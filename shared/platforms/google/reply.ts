import { apiOf, callJson, joinUrl, PlatformError } from '../api.ts';
import type { ReplyClient } from '../types.ts';
import { REVIEW_NAME } from './schema.ts';

/**
 * Google Business Profile API v4 (GOOGLE_ACCESS_TOKEN, scope business.manage):
 * PUT /v4/{accounts/*\/locations/*\/reviews/*}/reply {comment} → ReviewReply {comment, updateTime}.
 * A review has exactly one reply and PUT replaces it, so a repeated send changes nothing
 * visible: after a lost answer the outbox may simply send again. The reply has no id of its
 * own; its resource name `<review>/reply` is recorded instead.
 */
export const googleReply: ReplyClient = {
  recovery: () => 'resend',
  async send(deps, msg) {
    const { url, token } = apiOf(deps, 'google', 'GOOGLE_ACCESS_TOKEN', 'google');
    if (msg.channel !== 'public') throw new PlatformError('permanent', 'google: reviews can only be answered publicly');
    // The review name is a path ("accounts/1/locations/2/reviews/3"): its slashes stay, nothing else may.
    if (!REVIEW_NAME.test(msg.replyTo)) throw new PlatformError('permanent', 'google: not a review name, no reply sent');
    const name = msg.replyTo;
    await callJson(deps, { method: 'PUT', url: joinUrl(url, `/v4/${name}/reply`), token, body: { comment: msg.text }, platform: 'google' });
    return { replyId: `${msg.replyTo}/reply` };
  },
};
