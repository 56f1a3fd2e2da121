import type { Mention } from '../mention.ts';
import { canReply, replyClient } from './clients.ts';
import { safeFirstName } from './first-name.ts';
import type { OutboundMessage } from './reply-types.ts';

/** A message to send, or the reason wecare may not send one here. */
export type Route = { ok: true; message: OutboundMessage } | { ok: false; reason: string };

const HOUR = 3_600_000;
/** Meta's customer-service window (WhatsApp, Messenger, Instagram DM). */
export const SERVICE_WINDOW_MS = 24 * HOUR;
/** Messenger/Instagram HUMAN_AGENT tag and private replies to comments: 7 days. */
const HUMAN_AGENT_MS = 7 * 24 * HOUR;

/** An erased customer is never contacted again, by any flow or agent. */
const ERASED: Route = { ok: false, reason: 'the author was erased' };

/** Platforms whose every message is a private one. */
const DM_PLATFORMS = new Set(['messenger', 'whatsapp']);
const isDm = (m: Mention) => m.kind === 'dm' || DM_PLATFORMS.has(m.platform);

/** The template for the customer's language, else the brand's first language, else any. */
export function pickTemplate(templates: Record<string, string>, lang: string | undefined, brandLanguages: string[]): { text: string; lang: string } {
  for (const candidate of [lang, ...brandLanguages, 'en']) {
    if (candidate && templates[candidate]) return { text: templates[candidate], lang: candidate };
  }
  const [first] = Object.entries(templates);
  return { text: first?.[1] ?? '', lang: first?.[0] ?? 'en' };
}

/**
 * `{name}` becomes " <first name>" where the platform addresses people by name and the display
 * name starts with something that reads as a first name (safeFirstName), else nothing.
 */
export function fillName(template: string, mention: Mention): string {
  const first = safeFirstName(mention.author.name);
  const byName = canReply(mention.platform) && replyClient(mention.platform).addressByName;
  return template.replaceAll('{name}', byName && first ? ` ${first}` : '');
}

function base(m: Mention, text: string, channel: OutboundMessage['channel']): OutboundMessage {
  // A WhatsApp author keyed by BSUID is still answered on the phone number while Meta gives it.
  const recipient = m.platform === 'whatsapp' && m.author.phone ? m.author.phone : m.author.id;
  return { platform: m.platform, channel, replyTo: m.externalId, recipient, account: m.accountId, text };
}

/**
 * The answer on the mention's own channel: under the post/comment/review, or in the DM it came
 * in. `lastCustomerAt` is the customer's latest message in the conversation (opens the window).
 */
export function replyRoute(m: Mention, text: string, now: Date, lastCustomerAt = m.createdAt, whatsappTemplate?: TemplateChoice): Route {
  if (m.erasedAt) return ERASED;
  if (!canReply(m.platform)) return { ok: false, reason: `no reply client for ${m.platform}` };
  if (!isDm(m)) return { ok: true, message: base(m, text, 'public') };
  return dmRoute(m, text, now, lastCustomerAt, whatsappTemplate);
}

/**
 * The private channel for a follow-up: DM where the platform has one (X DM, Messenger,
 * Instagram/WhatsApp), a private reply to a Facebook/Instagram comment within 7 days; reviews
 * have none, and a second review reply would replace the agent's answer.
 */
export function privateRoute(m: Mention, text: string, now: Date, lastCustomerAt: string, whatsappTemplate?: TemplateChoice): Route {
  if (m.erasedAt) return ERASED;
  if (!canReply(m.platform)) return { ok: false, reason: `no reply client for ${m.platform}` };
  if (m.platform === 'google' || m.platform === 'trustpilot') return { ok: false, reason: `${m.platform} reviews have no private channel` };
  if (m.platform === 'x') return { ok: true, message: base(m, text, 'private') };
  if (isDm(m)) return dmRoute(m, text, now, lastCustomerAt, whatsappTemplate);
  if (now.getTime() - Date.parse(m.createdAt) > HUMAN_AGENT_MS) return { ok: false, reason: 'private reply to a comment is only allowed within 7 days' };
  return { ok: true, message: { ...base(m, text, 'private'), privateReplyToComment: true } };
}

export interface TemplateChoice {
  name: string;
  language: string;
  params: string[];
}

function dmRoute(m: Mention, text: string, now: Date, lastCustomerAt: string, template?: TemplateChoice): Route {
  // X DMs have no customer-service window; Meta's messaging platforms do.
  if (m.platform === 'x') return { ok: true, message: base(m, text, 'private') };
  const since = now.getTime() - Date.parse(lastCustomerAt);
  const inWindow = since <= SERVICE_WINDOW_MS;
  if (m.platform === 'whatsapp') {
    if (inWindow) return { ok: true, message: base(m, text, 'private') };
    // Outside the window WhatsApp accepts only an approved template; free text would be refused.
    if (!template) return { ok: false, reason: 'outside the WhatsApp 24-hour window and no approved template configured' };
    return { ok: true, message: { ...base(m, text, 'private'), template } };
  }
  if (inWindow) return { ok: true, message: base(m, text, 'private') };
  if (since <= HUMAN_AGENT_MS) return { ok: true, message: { ...base(m, text, 'private'), tag: 'HUMAN_AGENT' } };
  return { ok: false, reason: `outside the ${m.platform} messaging window (7 days with the human-agent tag)` };
}
