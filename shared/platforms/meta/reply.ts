import { apiOf, callJson, joinUrl, pick, PlatformError } from '../api.ts';
import type { OutboundMessage, ReplyClient, ReplyDeps, ReplyResult } from '../types.ts';

/** Pinned so a Graph default-version change never changes request shapes under us. */
export const GRAPH_VERSION = 'v21.0';

/**
 * Meta Graph API with the page token (META_PAGE_TOKEN; WhatsApp uses the same variable for its
 * system-user token):
 * - facebook comment/post reply: POST /{comment-or-post-id}/comments {message} → id
 * - instagram comment reply: POST /{ig-comment-id}/replies {message} → id
 * - Messenger / Instagram DM: POST /{page-or-ig-id}/messages {recipient:{id}, messaging_type, message:{text}}
 * - private reply to a comment: the same with recipient:{comment_id} (one per comment, 7 days)
 * - WhatsApp Cloud: POST /{phone-number-id}/messages {messaging_product, to (phone) | recipient (BSUID), type: text|template}
 */
export const metaReply: ReplyClient = {
  recovery: (msg) => (msg.channel === 'public' && (msg.platform === 'facebook' || msg.platform === 'instagram') ? findOwnComment : 'unknown'),
  async send(deps, msg) {
    const { url, token } = apiOf(deps, 'meta', 'META_PAGE_TOKEN', msg.platform);
    const [path, body] = request(msg);
    try {
      const answer = await callJson(deps, { method: 'POST', url: graphUrl(url, path), token, body, platform: msg.platform });
      return { replyId: pick(answer, 'id') ?? pick(answer, 'message_id') ?? pick(answer, 'messages', 0, 'id') ?? 'unknown' };
    } catch (e) {
      throw reclassify(e);
    }
  },
};

const graphUrl = (base: string, path: string) => joinUrl(base, `/${GRAPH_VERSION}${path}`);
const seg = encodeURIComponent;

function request(msg: OutboundMessage): [string, unknown] {
  if (msg.platform === 'whatsapp') return [`/${seg(msg.account)}/messages`, whatsappBody(msg)];
  if (msg.channel === 'public') {
    const edge = msg.platform === 'instagram' ? 'replies' : 'comments';
    return [`/${seg(msg.replyTo)}/${edge}`, { message: msg.text }];
  }
  const recipient = msg.privateReplyToComment ? { comment_id: msg.replyTo } : { id: msg.recipient };
  const type = msg.tag ? { messaging_type: 'MESSAGE_TAG', tag: msg.tag } : { messaging_type: 'RESPONSE' };
  return [`/${seg(msg.account)}/messages`, { recipient, ...type, message: { text: msg.text } }];
}

/** A phone number (wa_id) is all digits; anything else is a business-scoped user id (`US.1349…`). */
const isPhoneNumber = (id: string) => /^\+?\d{1,20}$/.test(id);

function whatsappBody(msg: OutboundMessage) {
  // Meta takes a BSUID in `recipient` instead of `to` (for users who hide their number behind a username).
  const address = isPhoneNumber(msg.recipient) ? { to: msg.recipient } : { recipient: msg.recipient };
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', ...address };
  if (msg.template) {
    const parameters = msg.template.params.map((text) => ({ type: 'text', text }));
    return {
      ...base,
      type: 'template',
      template: {
        name: msg.template.name,
        language: { code: msg.template.language },
        ...(parameters.length ? { components: [{ type: 'body', parameters }] } : {}),
      },
    };
  }
  // Quoting the customer's message keeps the answer attached to what it answers.
  return { ...base, type: 'text', context: { message_id: msg.replyTo }, text: { preview_url: false, body: msg.text } };
}

/**
 * Meta throttles with HTTP 400/403 and an error code rather than 429, and marks some errors
 * transient; both must retry, not fail the reply for good.
 */
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80001, 80002, 80004, 80005, 80006, 80008, 130429, 131048, 131056]);

function reclassify(e: unknown): unknown {
  if (!(e instanceof PlatformError) || e.failure !== 'permanent') return e;
  const code = Number((e.body as { error?: { code?: unknown } } | undefined)?.error?.code);
  const transient = (e.body as { error?: { is_transient?: unknown } } | undefined)?.error?.is_transient === true;
  if (THROTTLE_CODES.has(code)) return new PlatformError('rate_limited', e.message, e.status, undefined, e.body);
  if (transient) return new PlatformError('retryable', e.message, e.status, undefined, e.body);
  return e;
}

/** Reads the thread for a reply of ours with the same text: if it is there, the lost send did happen. */
async function findOwnComment(deps: ReplyDeps, msg: OutboundMessage): Promise<ReplyResult | undefined> {
  const { url: base, token } = apiOf(deps, 'meta', 'META_PAGE_TOKEN', msg.platform);
  const edge = msg.platform === 'instagram' ? 'replies' : 'comments';
  const fields = msg.platform === 'instagram' ? 'id,text,from' : 'id,message,from';
  const url = `${graphUrl(base, `/${seg(msg.replyTo)}/${edge}`)}?fields=${fields}&limit=100&order=reverse_chronological`;
  const answer = (await callJson(deps, { method: 'GET', url, token, platform: msg.platform })) as {
    data?: Array<{ id?: string; message?: string; text?: string; from?: { id?: string } }>;
  };
  if (!Array.isArray(answer.data)) throw new PlatformError('retryable', `${msg.platform}: the comments answer has no data list: cannot tell whether our reply is there`);
  const ours = answer.data.find((c) => c.from?.id === msg.account && (c.message ?? c.text) === msg.text);
  return ours?.id ? { replyId: ours.id } : undefined;
}
