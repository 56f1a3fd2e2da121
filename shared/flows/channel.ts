import type { Mention } from '../mention.ts';
import type { ChannelRules } from '../platforms/adapter.ts';
import { adapterOf } from '../platforms/index.ts';
import type { OutboundMessage } from '../platforms/types.ts';
import { safeFirstName } from './first-name.ts';

/** A message to send, or the reason wecare may not send one here. */
export type Route = { ok: true; message: OutboundMessage } | { ok: false; reason: string };

/** An erased customer is never contacted again, by any flow or agent. */
const ERASED: Route = { ok: false, reason: 'the author was erased' };

const isDm = (m: Mention, rules: ChannelRules) => m.kind === 'dm' || rules.privateOnly;
const days = (ms: number) => Math.round(ms / 86_400_000);
const hours = (ms: number) => Math.round(ms / 3_600_000);

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
  const { rules } = adapterOf(mention.platform);
  const byName = rules.answerable && rules.addressByName;
  return template.replaceAll('{name}', byName && first ? ` ${first}` : '');
}

function base(m: Mention, rules: ChannelRules, text: string, channel: OutboundMessage['channel']): OutboundMessage {
  const recipient = rules.replyToPhone && m.author.phone ? m.author.phone : m.author.id;
  return { platform: m.platform, channel, replyTo: m.externalId, recipient, account: m.accountId, text };
}

/** The platform's rules, or why wecare does not answer there at all. */
function rulesFor(m: Mention): ChannelRules | Route {
  if (m.erasedAt) return ERASED;
  const { rules, reply } = adapterOf(m.platform);
  return rules.answerable && reply ? rules : { ok: false, reason: `no reply client for ${m.platform}` };
}

const refused = (r: ChannelRules | Route): r is Route => 'ok' in r;

/**
 * The answer on the mention's own channel: under the post/comment/review, or in the DM it came
 * in. `lastCustomerAt` is the customer's latest message in the conversation (opens the window).
 */
export function replyRoute(m: Mention, text: string, now: Date, lastCustomerAt = m.createdAt, whatsappTemplate?: TemplateChoice): Route {
  const rules = rulesFor(m);
  if (refused(rules)) return rules;
  if (!isDm(m, rules)) return { ok: true, message: base(m, rules, text, 'public') };
  return dmRoute(m, rules, text, now, lastCustomerAt, whatsappTemplate);
}

/**
 * The private channel for a follow-up, as the platform's rules have it: a DM (X DM, Messenger,
 * Instagram/WhatsApp), a private reply to a Facebook/Instagram comment within 7 days; reviews
 * have none, and a second review reply would replace the agent's answer.
 */
export function privateRoute(m: Mention, text: string, now: Date, lastCustomerAt: string, whatsappTemplate?: TemplateChoice, opts: { automated?: boolean } = {}): Route {
  const rules = rulesFor(m);
  if (refused(rules)) return rules;
  const channel = rules.privateChannel;
  if (channel.kind === 'none') return { ok: false, reason: `${m.platform} ${channel.why}` };
  if (channel.kind === 'dm' || isDm(m, rules)) return dmRoute(m, rules, text, now, lastCustomerAt, whatsappTemplate, opts.automated);
  if (now.getTime() - Date.parse(m.createdAt) > channel.withinMs) return { ok: false, reason: `private reply to a comment is only allowed within ${days(channel.withinMs)} days` };
  return { ok: true, message: { ...base(m, rules, text, 'private'), privateReplyToComment: true } };
}

export interface TemplateChoice {
  name: string;
  language: string;
  params: string[];
}

/** A DM within the platform's messaging window; X has none, Meta's messaging platforms do. */
function dmRoute(m: Mention, rules: ChannelRules, text: string, now: Date, lastCustomerAt: string, template?: TemplateChoice, automated = false): Route {
  const message = base(m, rules, text, 'private');
  const window = rules.window;
  if (!window) return { ok: true, message };
  const since = now.getTime() - Date.parse(lastCustomerAt);
  if (since <= window.freeMs) return { ok: true, message };
  if (window.after === 'template') {
    // Outside the window only an approved template is accepted; free text would be refused.
    if (!template) return { ok: false, reason: `outside the ${adapterOf(m.platform).label} ${hours(window.freeMs)}-hour window and no approved template configured` };
    return { ok: true, message: { ...message, template } };
  }
  // The human-agent tag is for a person's message; an automated one outside the window is skipped.
  if (automated) return { ok: false, reason: `outside the ${m.platform} ${hours(window.freeMs)}-hour window; the ${window.tag} tag is only for messages a person sends` };
  if (since <= window.tagMs) return { ok: true, message: { ...message, tag: window.tag } };
  return { ok: false, reason: `outside the ${m.platform} messaging window (${days(window.tagMs)} days with the human-agent tag)` };
}
