// WhatsApp Cloud API: field "messages" carries both inbound messages and delivery statuses.
import type { MentionDraft, PlatformEvent } from '../../mention.ts';
import { toIso, validate } from '../generic/inbound.ts';
import { type ChangeContext, ignored } from './context.ts';
import { type WaMessage, WaValue } from './schema.ts';

const MEDIA_TYPES = ['image', 'video', 'document', 'audio', 'sticker'] as const;
/** Not something a customer wrote: a reaction to a message, a number change, an unsupported type. */
const NOT_A_MESSAGE = new Set(['reaction', 'system', 'unsupported', 'ephemeral']);

export function whatsappChange(ctx: ChangeContext, value: unknown): PlatformEvent[] {
  const v = validate(WaValue, value, ctx.at);
  const accountId = String(v.metadata.phone_number_id);
  const names = new Map((v.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
  const events: PlatformEvent[] = [];
  for (const m of v.messages ?? []) {
    if (NOT_A_MESSAGE.has(m.type)) events.push(ignored(ctx, `whatsapp ${m.type}`));
    else events.push({ type: 'mention', draft: waDraft(ctx, m, accountId, names.get(m.from)) });
  }
  // Sent/delivered/read receipts of the brand's own messages: nothing new to store.
  for (const s of v.statuses ?? []) events.push(ignored(ctx, `whatsapp status ${s.status ?? 'unknown'}`));
  return events;
}

/** Media without a caption is stored with empty text and its media id, never dropped. */
function waDraft(ctx: ChangeContext, m: WaMessage, accountId: string, name: string | undefined): MentionDraft {
  const draft: MentionDraft = {
    platform: ctx.platform,
    kind: 'dm',
    externalId: m.id,
    accountId,
    threadId: m.from,
    author: { id: m.from, name },
    text: '',
    createdAt: toIso(m.timestamp, ctx.now),
  };
  const media = MEDIA_TYPES.flatMap((type) => (m[type] ? [{ type, id: m[type]?.id }] : []));
  const caption = MEDIA_TYPES.map((type) => m[type]?.caption).find((c) => c !== undefined);
  draft.text = m.text?.body ?? caption ?? m.button?.text ?? m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? '';
  if (media.length) draft.media = media;
  if (m.context?.id) draft.inReplyTo = m.context.id;
  return draft;
}
