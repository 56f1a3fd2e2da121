import type { StatusPost } from '../adapter.ts';
import type { OutboundRequest } from '../http.ts';
import type { ReplyEnv } from '../types.ts';
import { GRAPH_VERSION } from './reply.ts';

/**
 * An incident update as a post on the brand's Facebook page (Graph API /{page-id}/feed); the page id
 * is the channel target. A later update of the same incident is a comment on the first post
 * (/{post-id}/comments, which takes no `link`: the link goes in the message).
 */
export function facebookStatusPost(post: StatusPost, env: ReplyEnv): OutboundRequest {
  const body = post.replyTo
    ? new URLSearchParams({ message: `${post.headline}\n\n${post.message}\n\n${post.link}` })
    : new URLSearchParams({ message: `${post.headline}\n\n${post.message}`, link: post.link });
  const token = env.tokens.meta;
  if (token) body.set('access_token', token);
  return {
    url: `${(env.urls.meta ?? '').replace(/\/$/, '')}/${GRAPH_VERSION}/${encodeURIComponent(post.replyTo ?? post.account)}/${post.replyTo ? 'comments' : 'feed'}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  };
}
