import { createHash } from 'node:crypto';
import { badRequest } from '../../errors.ts';
import type { MentionDraft, PlatformEvent } from '../../mention.ts';
import { isObject, parseJson, toIso, validate } from '../generic/inbound.ts';
import type { InboundWebhook } from '../types.ts';
import { DeletedReview, ServiceReview, TrustpilotBody } from './schema.ts';

const PLATFORM = 'trustpilot';

/** Reviews are keyed by Trustpilot's review id, so created and updated of one review meet in one mention. */
export function parseTrustpilot(req: InboundWebhook, now: Date): PlatformEvent[] {
  const raw = parseJson(req.rawBody);
  if (!isObject(raw) || !('events' in raw)) throw badRequest('no known event in body');
  const body = validate(TrustpilotBody, raw);
  // The payload does not name the business unit; the subscription URL may (`?businessUnit=`).
  const unitFromUrl = req.query('businessUnit');
  return body.events.flatMap((event, i): PlatformEvent[] => {
    const at = ['events', i, 'eventData'];
    switch (event.eventName) {
      case 'service-review-created':
        return [{ type: 'mention', draft: reviewDraft(validate(ServiceReview, event.eventData, at), unitFromUrl, now) }];
      case 'service-review-updated':
        return reviewUpdated(validate(ServiceReview, event.eventData, at), unitFromUrl, now);
      case 'service-review-deleted': {
        const { id, deletedAt } = validate(DeletedReview, event.eventData, at);
        return [{ type: 'state', platform: PLATFORM, externalId: id, eventId: `delete:${id}`, state: 'deleted', at: toIso(deletedAt, now) }];
      }
      default:
        return [{ type: 'ignored', platform: PLATFORM, reason: `event ${event.eventName}` }];
    }
  });
}

const reviewText = (r: ServiceReview) => [r.title, r.text].filter((s) => s).join('\n');

function reviewDraft(r: ServiceReview, unitFromUrl: string | undefined, now: Date): MentionDraft {
  const draft: MentionDraft = {
    platform: PLATFORM,
    kind: 'review',
    externalId: r.id,
    accountId: r.businessUnit?.id ?? r.businessUnitId ?? unitFromUrl ?? 'unknown',
    threadId: r.id,
    author: { id: r.consumer?.id ?? 'unknown', name: r.consumer?.name ?? r.consumer?.displayName ?? undefined },
    text: reviewText(r),
    rating: r.stars,
    url: `https://www.trustpilot.com/reviews/${r.id}`,
    createdAt: toIso(r.createdAt, now),
  };
  if (r.language) draft.lang = r.language;
  return draft;
}

/**
 * An update stores the review if it was never seen (created before the subscription, or lost) and
 * records the new text as a revision. The edit id is the update time, or, when the payload has none,
 * a hash of the content, so a redelivery is recognised and a second edit is not.
 */
function reviewUpdated(r: ServiceReview, unitFromUrl: string | undefined, now: Date): PlatformEvent[] {
  const text = reviewText(r);
  const version = r.updatedAt ?? createHash('sha256').update(`${r.stars}\n${text}`).digest('base64url').slice(0, 16);
  const draft = reviewDraft(r, unitFromUrl, now);
  return [
    { type: 'mention', draft },
    { type: 'edit', platform: PLATFORM, externalId: r.id, eventId: `update:${r.id}:${version}`, text, at: toIso(r.updatedAt, now), accountId: draft.accountId === 'unknown' ? undefined : draft.accountId },
  ];
}
