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
  return { url: `${trimBase(env.urls.x ?? '')}/2/tweets`, ...json({ text }, { ...auth, 'x-wecare-account': post.account }) };
}

const trimBase = (url: string) => url.replace(/\/$/, '');
