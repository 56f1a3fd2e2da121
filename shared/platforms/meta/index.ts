import { HUMAN_AGENT_MS, type PlatformAdapter, SERVICE_WINDOW_MS } from '../adapter.ts';
import { fetchInstagramMention } from './fetch.ts';
import { facebookStatusPost } from './post.ts';
import { metaReply } from './reply.ts';
import { metaWebhook } from './webhook.ts';

/** One webhook, one Graph API and one token serve the four Meta platforms; their rules differ. */
const graph: Pick<PlatformAdapter, 'inbound' | 'reply' | 'env'> = {
  inbound: metaWebhook,
  reply: metaReply,
  env: {
    inbound: ['META_APP_SECRET', 'META_VERIFY_TOKEN'],
    // WhatsApp uses the same variable for its system-user token.
    api: { name: 'meta', baseUrl: 'META_GRAPH_URL', defaultUrl: 'https://graph.facebook.com', token: 'META_PAGE_TOKEN' },
  },
};

/** Messenger and Instagram DMs: 24 hours free, then 7 days with the HUMAN_AGENT tag. */
const humanAgentWindow = { freeMs: SERVICE_WINDOW_MS, after: 'tag', tag: 'HUMAN_AGENT', tagMs: HUMAN_AGENT_MS } as const;
/** One private reply to a comment, within 7 days. */
const commentReply = { kind: 'comment-reply', withinMs: HUMAN_AGENT_MS } as const;

/** Facebook Page posts, comments and ratings; status posts on the page. */
export const facebook: PlatformAdapter = {
  ...graph,
  platform: 'facebook',
  label: 'Facebook',
  rules: { answerable: true, privateOnly: false, privateChannel: commentReply, window: humanAgentWindow, addressByName: true, maxLength: 8000 },
  statusPost: facebookStatusPost,
};

/** Messenger: every conversation is private; the page's ids are the brand's accounts. */
export const messenger: PlatformAdapter = {
  ...graph,
  platform: 'messenger',
  label: 'Messenger',
  rules: { answerable: true, privateOnly: true, privateChannel: { kind: 'dm' }, window: humanAgentWindow, addressByName: true, maxLength: 2000 },
};

/** Instagram comments, DMs and @mentions (the latter arrive as ids: their text is fetched). */
export const instagram: PlatformAdapter = {
  ...graph,
  platform: 'instagram',
  label: 'Instagram',
  rules: { answerable: true, privateOnly: false, privateChannel: commentReply, window: humanAgentWindow, addressByName: true, maxLength: 2200 },
  // A mention inside a comment names the media it comments on; a caption mention does not.
  fetchText: (deps, m) => fetchInstagramMention(deps, { accountId: m.accountId, externalId: m.externalId, viaComment: m.inReplyTo !== undefined }),
};

/** WhatsApp Cloud: private only; outside the 24-hour window Meta accepts only an approved template. */
export const whatsapp: PlatformAdapter = {
  ...graph,
  platform: 'whatsapp',
  label: 'WhatsApp',
  rules: {
    answerable: true,
    privateOnly: true,
    privateChannel: { kind: 'dm' },
    window: { freeMs: SERVICE_WINDOW_MS, after: 'template' },
    addressByName: true,
    // An author keyed by BSUID is still answered on the phone number while Meta gives it.
    replyToPhone: true,
    maxLength: 4096,
  },
};
