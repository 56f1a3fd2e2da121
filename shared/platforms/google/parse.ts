import { badRequest } from '../../errors.ts';
import type { PlatformEvent } from '../../mention.ts';
import { isObject, parseJson, toIso, validate } from '../generic/inbound.ts';
import type { InboundWebhook } from '../types.ts';
import { LOCATION_NAME, PubSubPush, REVIEW_NAME, ReviewNotification } from './schema.ts';

const PLATFORM = 'google';
const REVIEW_SUFFIX = /\/reviews\/[^/]+$/;

/**
 * NEW_REVIEW and UPDATED_REVIEW both become a `mention` keyed by the review name, with textPending:
 * the notification carries names only, and the review (text, stars, author) is fetched behind the
 * stream. An update also carries a `refetch` (keyed by the Pub/Sub message id), which marks a stored
 * review for fetching again, so its new text lands as a revision (an `edit` with no text would erase it).
 * Other notification types (questions, media, location state) are acknowledged and ignored.
 */
export function parseGoogle(req: InboundWebhook, now: Date): PlatformEvent[] {
  const raw = parseJson(req.rawBody);
  if (!isObject(raw) || !('message' in raw)) throw badRequest('no known event in body');
  const push = validate(PubSubPush, raw);
  const n = decodeNotification(push.message.data);
  const type = n.type ?? n.notificationType ?? 'unknown';
  if (type !== 'NEW_REVIEW' && type !== 'UPDATED_REVIEW') return [{ type: 'ignored', platform: PLATFORM, reason: `notification ${type}` }];
  const review = n.review ?? n.reviewName ?? n.review_name;
  if (!review) throw badRequest(`message.data.review: required for ${type}`);
  // The name goes into API paths later (fetch, reply): only the documented shape is accepted.
  if (!REVIEW_NAME.test(review)) throw badRequest('message.data.review: expected accounts/{id}/locations/{id}/reviews/{id}');
  const location = n.location ?? n.locationName ?? n.location_name ?? review.replace(REVIEW_SUFFIX, '');
  if (!LOCATION_NAME.test(location)) throw badRequest('message.data.location: expected accounts/{id}/locations/{id}');
  const draft = {
    platform: PLATFORM,
    kind: 'review' as const,
    externalId: review,
    accountId: location,
    threadId: review,
    author: { id: 'unknown' },
    text: '',
    textPending: true,
    createdAt: toIso(push.message.publishTime ?? push.message.publish_time, now),
  };
  if (type === 'NEW_REVIEW') return [{ type: 'mention', draft }];
  const eventId = `update:${push.message.messageId ?? push.message.message_id ?? draft.createdAt}`;
  return [{ type: 'mention', draft }, { type: 'refetch', platform: PLATFORM, externalId: review, eventId, at: draft.createdAt, accountId: location }];
}

function decodeNotification(data: string): ReviewNotification {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch {
    throw badRequest('message.data: not base64-encoded JSON');
  }
  return validate(ReviewNotification, decoded, ['message', 'data']);
}
