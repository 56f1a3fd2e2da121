// Instagram Graph webhooks: comments on the account's media, and @mentions of the account.
import type { MentionDraft, PlatformEvent } from '../../mention.ts';
import { badRequest } from '../../errors.ts';
import { validate } from '../generic/inbound.ts';
import { type ChangeContext, timeOf } from './context.ts';
import { IgCommentValue, IgMentionValue } from './schema.ts';

/** The account's own replies come back as comments too: stored as fromBrand. */
export function igCommentChange(ctx: ChangeContext, value: unknown): PlatformEvent {
  const v = validate(IgCommentValue, value, ctx.at);
  const id = String(v.id);
  const author = v.from ? { id: String(v.from.id), handle: v.from.username } : { id: 'unknown' };
  const draft: MentionDraft = {
    platform: ctx.platform,
    kind: 'comment',
    externalId: id,
    accountId: ctx.entryId,
    threadId: v.media ? String(v.media.id) : id,
    author,
    text: v.text ?? '',
    createdAt: timeOf(ctx),
  };
  if (v.text === undefined) draft.textPending = true;
  if (v.parent_id !== undefined) draft.inReplyTo = String(v.parent_id);
  if (author.id === ctx.entryId) draft.fromBrand = true;
  return { type: 'mention', draft };
}

/**
 * Mentions carry ids only. They are stored at once with textPending so nothing is lost; the text
 * and author are fetched from the Graph API behind the stream.
 */
export function igMentionChange(ctx: ChangeContext, value: unknown): PlatformEvent {
  const v = validate(IgMentionValue, value, ctx.at);
  const id = v.comment_id ?? v.media_id;
  if (id === undefined) throw badRequest(`${ctx.at.join('.')}.media_id: required for a mention`);
  const draft: MentionDraft = {
    platform: ctx.platform,
    kind: 'mention',
    externalId: String(id),
    accountId: ctx.entryId,
    threadId: String(v.media_id ?? id),
    author: { id: 'unknown' },
    text: '',
    textPending: true,
    createdAt: timeOf(ctx),
  };
  // A mention inside a comment is a comment on that media; the text fetch needs to know which edge to ask.
  if (v.comment_id !== undefined && v.media_id !== undefined) draft.inReplyTo = String(v.media_id);
  return { type: 'mention', draft };
}
