// Facebook Page changes: feed (posts and comments on the page), mention (the page tagged elsewhere), ratings.
import { badRequest } from '../../errors.ts';
import type { Author, MentionDraft, PlatformEvent } from '../../mention.ts';
import { validate } from '../generic/inbound.ts';
import { type ChangeContext, ignored, timeOf } from './context.ts';
import { FeedValue, RatingValue } from './schema.ts';

const POST_ITEMS = new Set(['post', 'status', 'photo', 'video']);

function authorOf(v: FeedValue): Author | undefined {
  if (v.from) return { id: String(v.from.id), name: v.from.name };
  if (v.sender_id !== undefined) return { id: String(v.sender_id), name: v.sender_name };
  return undefined;
}

function required(ctx: ChangeContext, value: string | number | null | undefined, field: string, what: string): string {
  if (value === undefined || value === null || value === '') throw badRequest(`${[...ctx.at, field].join('.')}: required for ${what}`);
  return String(value);
}

/** Likes, reactions and shares are acknowledged; posts and comments become mentions, edits and state changes. */
export function feedChange(ctx: ChangeContext, value: unknown): PlatformEvent {
  const v = validate(FeedValue, value, ctx.at);
  const isComment = v.item === 'comment';
  if (!isComment && !POST_ITEMS.has(v.item)) return ignored(ctx, `feed ${v.item} ${v.verb}`);
  const what = `a ${v.item} ${v.verb}`;
  const externalId = isComment ? required(ctx, v.comment_id, 'comment_id', what) : required(ctx, v.post_id, 'post_id', what);
  const at = timeOf(ctx, v.created_time);
  const key = `${externalId}:${v.created_time ?? ctx.entryTime ?? at}`;
  switch (v.verb) {
    case 'add':
      return { type: 'mention', draft: feedDraft(ctx, v, externalId, isComment ? 'comment' : 'post') };
    case 'edited':
      return { type: 'edit', platform: ctx.platform, externalId, eventId: `edit:${key}`, text: v.message ?? '', at };
    case 'remove':
      return { type: 'state', platform: ctx.platform, externalId, eventId: `delete:${externalId}`, state: 'deleted', at };
    // Hide and unhide can alternate, so their event ids carry the time.
    case 'hide':
      return { type: 'state', platform: ctx.platform, externalId, eventId: `hide:${key}`, state: 'hidden', at };
    case 'unhide':
      return { type: 'state', platform: ctx.platform, externalId, eventId: `unhide:${key}`, state: 'unhidden', at };
    default:
      return ignored(ctx, `feed ${v.item} ${v.verb}`);
  }
}

/** The page's own comments and posts are stored as fromBrand: they are the answers in the thread. */
function feedDraft(ctx: ChangeContext, v: FeedValue, externalId: string, kind: 'comment' | 'post'): MentionDraft {
  const author = authorOf(v) ?? { id: 'unknown' };
  const draft: MentionDraft = {
    platform: ctx.platform,
    kind,
    externalId,
    accountId: ctx.entryId,
    threadId: v.post_id === undefined ? externalId : String(v.post_id),
    author,
    text: v.message ?? '',
    createdAt: timeOf(ctx, v.created_time),
  };
  if (kind === 'comment' && v.parent_id !== undefined) draft.inReplyTo = String(v.parent_id);
  if (v.photo) draft.media = [{ type: 'image', url: v.photo }];
  else if (v.video) draft.media = [{ type: 'video', url: v.video }];
  if (author.id === ctx.entryId) draft.fromBrand = true;
  return draft;
}

/**
 * The page tagged in someone else's post or comment. Meta leaves out `from` on these, and a page
 * cannot tag itself, so they are never fromBrand; the author stays "unknown" until fetched.
 */
export function mentionChange(ctx: ChangeContext, value: unknown): PlatformEvent {
  const v = validate(FeedValue, value, ctx.at);
  if (v.verb !== 'add') return ignored(ctx, `mention ${v.item} ${v.verb}`);
  const externalId = v.comment_id ?? v.post_id;
  const draft: MentionDraft = {
    platform: ctx.platform,
    kind: 'mention',
    externalId: required(ctx, externalId, v.item === 'comment' ? 'comment_id' : 'post_id', `a mention ${v.item}`),
    accountId: ctx.entryId,
    threadId: v.post_id === undefined ? undefined : String(v.post_id),
    author: authorOf(v) ?? { id: 'unknown' },
    text: v.message ?? '',
    createdAt: timeOf(ctx, v.created_time),
  };
  if (draft.threadId === undefined) delete draft.threadId;
  return { type: 'mention', draft };
}

const RECOMMENDATION_STARS: Record<string, number> = { positive: 5, negative: 1 };

/** A star rating wins over the recommendation it may come with; a bare recommendation maps to 5 or 1. */
function ratingOf(v: RatingValue): number | undefined {
  if (typeof v.rating === 'number' && v.rating >= 0 && v.rating <= 5) return v.rating;
  return v.recommendation_type ? RECOMMENDATION_STARS[v.recommendation_type.toLowerCase()] : undefined;
}

export function ratingsChange(ctx: ChangeContext, value: unknown): PlatformEvent {
  const v = validate(RatingValue, value, ctx.at);
  if (v.item !== 'rating') return ignored(ctx, `ratings ${v.item} ${v.verb}`);
  const externalId = required(ctx, v.open_graph_story_id, 'open_graph_story_id', `a rating ${v.verb}`);
  const at = timeOf(ctx, v.created_time);
  if (v.verb === 'edited' || v.verb === 'edit') {
    return { type: 'edit', platform: ctx.platform, externalId, eventId: `edit:${externalId}:${v.created_time ?? ctx.entryTime ?? at}`, text: v.review_text ?? '', at };
  }
  if (v.verb === 'remove') return { type: 'state', platform: ctx.platform, externalId, eventId: `delete:${externalId}`, state: 'deleted', at };
  if (v.verb !== 'add') return ignored(ctx, `ratings ${v.item} ${v.verb}`);
  const draft: MentionDraft = {
    platform: ctx.platform,
    kind: 'review',
    externalId,
    accountId: ctx.entryId,
    author: v.reviewer_id === undefined ? { id: 'unknown', name: v.reviewer_name } : { id: String(v.reviewer_id), name: v.reviewer_name },
    text: v.review_text ?? '',
    createdAt: at,
  };
  const rating = ratingOf(v);
  if (rating !== undefined) draft.rating = rating;
  return { type: 'mention', draft };
}
