import { apiOf, callJson, joinUrl, pick, PlatformError } from '../api.ts';
import { boundText } from '../text.ts';
import type { FetchedText, ReplyDeps } from '../types.ts';
import { REVIEW_NAME } from './schema.ts';

const STARS: Record<string, number> = { ONE: 1, TWO: 2, THREE: 3, FOUR: 4, FIVE: 5 };

/**
 * The review a Pub/Sub notification only named: `GET /v4/{accounts/…/locations/…/reviews/…}`
 * (Business Profile API v4 Review: reviewer, starRating ONE..FIVE, comment, createTime, updateTime).
 */
export async function fetchGoogleReview(deps: ReplyDeps, reviewName: string): Promise<FetchedText> {
  const { url, token } = apiOf(deps, 'google', 'GOOGLE_ACCESS_TOKEN', 'google');
  if (!REVIEW_NAME.test(reviewName)) throw new PlatformError('permanent', 'google: not a review name, not fetched');
  const review = await callJson(deps, { method: 'GET', url: joinUrl(url, `/v4/${reviewName}`), token, platform: 'google' });
  const rating = STARS[pick(review, 'starRating') ?? ''];
  return {
    // Bounded like every ingested text (shared/platforms/text.ts): a fetched text lands in the same item.
    text: boundText(pick(review, 'comment') ?? '').text,
    author: { id: pick(review, 'reviewer', 'displayName') ?? 'anonymous', name: pick(review, 'reviewer', 'displayName') },
    ...(rating ? { rating } : {}),
    ...(pick(review, 'updateTime') ? { editedAt: pick(review, 'updateTime') } : {}),
  };
}
