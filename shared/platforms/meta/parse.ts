import { badRequest } from '../../errors.ts';
import type { MentionDraft, PlatformEvent } from '../../mention.ts';
import { isObject, parseJson, validate } from '../generic/inbound.ts';
import type { InboundWebhook } from '../types.ts';
import { type ChangeContext, ignored, timeOf } from './context.ts';
import { igCommentChange, igMentionChange } from './instagram.ts';
import { feedChange, mentionChange, ratingsChange } from './page.ts';
import { MetaBody, type Messaging } from './schema.ts';
import { whatsappChange } from './whatsapp.ts';

type ChangeHandler = (ctx: ChangeContext, value: unknown) => PlatformEvent | PlatformEvent[];

/** Per webhook object, the fields wecare answers on; any other field is acknowledged and ignored. */
const HANDLERS: Record<string, { platform: string; dmPlatform: string; fields: Record<string, ChangeHandler> }> = {
  page: { platform: 'facebook', dmPlatform: 'messenger', fields: { feed: feedChange, mention: mentionChange, ratings: ratingsChange } },
  instagram: { platform: 'instagram', dmPlatform: 'instagram', fields: { comments: igCommentChange, mentions: igMentionChange } },
  whatsapp_business_account: { platform: 'whatsapp', dmPlatform: 'whatsapp', fields: { messages: whatsappChange } },
};

/** Every entry and every change of a batch (Meta sends up to 1000 per POST); one event per item. */
export function parseMeta(req: InboundWebhook, now: Date): PlatformEvent[] {
  const raw = parseJson(req.rawBody);
  if (!isObject(raw) || !('object' in raw || 'entry' in raw)) throw badRequest('no known event in body');
  const body = validate(MetaBody, raw);
  const handler = HANDLERS[body.object];
  if (!handler) return [{ type: 'ignored', platform: 'meta', reason: `object ${body.object}` }];
  const events: PlatformEvent[] = [];
  body.entry.forEach((entry, e) => {
    const base = { entryId: String(entry.id), entryTime: entry.time, now };
    entry.changes?.forEach((change, c) => {
      const ctx: ChangeContext = { ...base, platform: handler.platform, at: ['entry', e, 'changes', c, 'value'] };
      const fieldHandler = handler.fields[change.field];
      // A field wecare does not model, or a change with nothing to read: acknowledged, counted as ignored.
      if (!fieldHandler) events.push(ignored(ctx, `field ${change.field}`));
      else if (change.value === undefined || change.value === null) events.push(ignored(ctx, `field ${change.field} without value`));
      else pushAll(events, fieldHandler(ctx, change.value));
    });
    entry.messaging?.forEach((m, i) => {
      events.push(messagingEvent({ ...base, platform: handler.dmPlatform, at: ['entry', e, 'messaging', i] }, m));
    });
    // An entry of another kind (standby, changed_fields, …) still counts, so the answer shows it was seen.
    if (!entry.changes?.length && !entry.messaging?.length) events.push({ type: 'ignored', platform: handler.platform, reason: 'entry without changes or messaging' });
  });
  return events;
}

function pushAll(events: PlatformEvent[], result: PlatformEvent | PlatformEvent[]): void {
  if (Array.isArray(result)) events.push(...result);
  else events.push(result);
}

const MESSAGING_KINDS = ['delivery', 'read', 'postback', 'reaction', 'optin', 'referral', 'account_linking'] as const;

/**
 * Messenger (and Instagram Direct) messages. An echo is the page's own message: Meta then puts the
 * page in `sender` and the customer in `recipient`, so the thread is always the customer's id.
 */
export function messagingEvent(ctx: ChangeContext, m: Messaging): PlatformEvent {
  const message = m.message;
  if (!message) return ignored(ctx, `messaging ${MESSAGING_KINDS.find((k) => k in m) ?? 'event'}`);
  const sender = String(m.sender.id);
  const recipient = String(m.recipient.id);
  const echo = message.is_echo === true;
  const draft: MentionDraft = {
    platform: ctx.platform,
    kind: 'dm',
    externalId: message.mid,
    accountId: echo ? sender : recipient,
    threadId: echo ? recipient : sender,
    author: { id: sender },
    text: message.text ?? '',
    createdAt: timeOf(ctx, m.timestamp),
  };
  const media = (message.attachments ?? []).map((a) => ({ type: a.type, url: a.payload?.url ?? undefined }));
  if (media.length) draft.media = media;
  if (message.reply_to?.mid) draft.inReplyTo = message.reply_to.mid;
  if (echo) draft.fromBrand = true;
  return { type: 'mention', draft };
}
