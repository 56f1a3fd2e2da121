import { apiOf, callJson, joinUrl, pick } from '../api.ts';
import { boundText } from '../text.ts';
import type { FetchedText, ReplyDeps } from '../types.ts';
import { GRAPH_VERSION } from './reply.ts';

const FIELDS = '{id,text,caption,timestamp,username,permalink}';

/**
 * An Instagram @mention arrives as ids only. The Graph API gives its content through the
 * mentioned account: `mentioned_comment.comment_id(ID)` for a mention in a comment,
 * `mentioned_media.media_id(ID)` for a mention in a caption.
 */
export async function fetchInstagramMention(
  deps: ReplyDeps,
  m: { accountId: string; externalId: string; conversationThread?: string; viaComment: boolean },
): Promise<FetchedText> {
  const { url: base, token } = apiOf(deps, 'meta', 'META_PAGE_TOKEN', 'instagram');
  const edge = m.viaComment ? `mentioned_comment.comment_id(${m.externalId})${FIELDS}` : `mentioned_media.media_id(${m.externalId})${FIELDS}`;
  const url = joinUrl(base, `/${GRAPH_VERSION}/${encodeURIComponent(m.accountId)}?fields=${encodeURIComponent(edge)}`);
  const answer = await callJson(deps, { method: 'GET', url, token, platform: 'instagram' });
  const node = m.viaComment ? 'mentioned_comment' : 'mentioned_media';
  const username = pick(answer, node, 'username');
  return {
    // Bounded like every ingested text (shared/platforms/text.ts): a fetched text lands in the same item.
    text: boundText(pick(answer, node, 'text') ?? pick(answer, node, 'caption') ?? '').text,
    author: { id: username ?? 'unknown', ...(username ? { handle: username } : {}) },
    ...(pick(answer, node, 'permalink') ? { url: pick(answer, node, 'permalink') } : {}),
  };
}
