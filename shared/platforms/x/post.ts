import type { StatusPost } from '../adapter.ts';
import { json, type OutboundRequest } from '../http.ts';
import { clip } from '../text.ts';
import type { ReplyEnv } from '../types.ts';

/** The most characters of one post. */
export const X_MAX_LENGTH = 280;
/** X counts every link as 23 characters (t.co), plus the space before it. */
const LINK_LENGTH = 23 + 1;

/** An incident update as a post of the brand's X account (POST /2/tweets); the rest of 280 after the link is ours. */
export function xStatusPost(post: StatusPost, env: ReplyEnv): OutboundRequest {
  const text = `${clip(`${post.headline}: ${post.message}`, X_MAX_LENGTH - LINK_LENGTH)} ${post.link}`;
  const token = env.tokens.x;
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  // A later update of the incident replies to its first post, so the updates read as one thread.
  const body = post.replyTo ? { text, reply: { in_reply_to_tweet_id: post.replyTo } } : { text };
  return { url: `${trimBase(env.urls.x ?? '')}/2/tweets`, ...json(body, { ...auth, 'x-wecare-account': post.account }) };
}

const trimBase = (url: string) => url.replace(/\/$/, '');
