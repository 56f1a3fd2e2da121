// WhatsApp Cloud API: field "messages" carries both inbound messages and delivery statuses.
import type { Author, MentionDraft, PlatformEvent } from '../../mention.ts';
import { toIso, validate } from '../generic/inbound.ts';
import { type ChangeContext, ignored } from './context.ts';
import { type WaContact, type WaMessage, WaValue } from './schema.ts';

const MEDIA_TYPES = ['image', 'video', 'document', 'audio', 'sticker'] as const;
/** Not something a customer wrote: a reaction to a message, a number change, an unsupported type. */
const NOT_A_MESSAGE = new Set(['reaction', 'system', 'unsupported', 'ephemeral']);

export function whatsappChange(ctx: ChangeContext, value: unknown): PlatformEvent[] {
  const v = validate(WaValue, value, ctx.at);
  const accountId = String(v.metadata.phone_number_id);
  const events: PlatformEvent[] = [];
  for (const m of v.messages ?? []) {
    if (NOT_A_MESSAGE.has(m.type)) events.push(ignored(ctx, `whatsapp ${m.type}`));
    else events.push({ type: 'mention', draft: waDraft(ctx, m, accountId, waSender(m, v.contacts ?? [])) });
  }
  // Sent/delivered/read receipts of the brand's own messages: nothing new to store.
  for (const s of v.statuses ?? []) events.push(ignored(ctx, `whatsapp status ${s.status ?? 'unknown'}`));
  return events;
}

/**
 * Who wrote: keyed and threaded by the business-scoped user id (BSUID) when Meta gives one, else by
 * the phone number (wa_id), the only id before 2026. The phone number stays beside a BSUID so
 * replies keep going to it while it is known. A message naming neither (a shape Meta may yet
 * send) is still stored, in a thread of its own.
 */
export function waSender(m: WaMessage, contacts: WaContact[]): Author {
  const contact =
    contacts.find((c) => (m.from_user_id !== undefined && c.user_id === m.from_user_id) || (m.from !== undefined && c.wa_id === m.from)) ??
    (m.from === undefined && m.from_user_id === undefined && contacts.length === 1 ? contacts[0] : undefined);
  const bsuid = m.from_user_id ?? contact?.user_id;
  const phone = m.from ?? contact?.wa_id;
  // Per message, so unknown senders never share a thread or a case.
  const author: Author = { id: bsuid || phone || `unknown-${m.id}` };
  if (contact?.profile?.name) author.name = contact.profile.name;
  const username = contact?.username ?? contact?.profile?.username;
  if (username) author.handle = username;
  if (bsuid && phone) author.phone = phone;
  return author;
}

/** Media without a caption is stored with empty text and its media id, never dropped. */
function waDraft(ctx: ChangeContext, m: WaMessage, accountId: string, author: Author): MentionDraft {
  const draft: MentionDraft = {
    platform: ctx.platform,
    kind: 'dm',
    externalId: m.id,
    accountId,
    threadId: author.id,
    author,
    text: '',
    createdAt: toIso(m.timestamp, ctx.now),
  };
  const media = MEDIA_TYPES.flatMap((type) => (m[type] ? [{ type, id: m[type]?.id }] : []));
  const caption = MEDIA_TYPES.map((type) => m[type]?.caption).find((c) => c !== undefined);
  draft.text = m.text?.body ?? caption ?? m.button?.text ?? m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? '';
  if (media.length) draft.media = media;
  // A tapped button (template quick reply or interactive reply): its words are a choice, not free text.
  if (m.button || m.interactive?.button_reply || m.interactive?.list_reply) draft.quickReply = true;
  if (m.context?.id) draft.inReplyTo = m.context.id;
  return draft;
}
