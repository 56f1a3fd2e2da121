import { type ChannelEnv, channelRequest } from '../broadcast/channels.ts';
import { renderUpdateMail } from '../broadcast/mail/update-mail.tsx';
import { isMailLang, type MailLang } from '../broadcast/mail/words.ts';
import { gsm7Length, isGsm7, SMS_SEGMENT, updateSms } from '../broadcast/sms-text.ts';
import { headline, messageIn } from '../broadcast/text.ts';
import type { Brand } from '../config/brand.ts';
import { type Incident, impactsFrom, type IncidentUpdate } from '../incidents/model.ts';

/**
 * What each channel of the brand will receive for an update, before it is published: the status
 * page's headline and message per language, and each broadcast channel's body rendered by the very
 * function the broadcast sends with (broadcast/channels.ts channelRequest). Targets and headers
 * (webhook URLs, tokens) are never shown: they are credentials. E-mail and SMS to status
 * subscribers come from the broadcast's own renderers too (renderUpdateMail, updateSms), once per
 * language of the brand, with example links where each subscriber gets their own token.
 */
export interface ChannelPreview {
  channel: string;
  type: string;
  /** Below the channel's minImpact: the broadcast skips it. */
  receives: boolean;
  body?: string;
  note?: string;
}

export interface ContactPreview {
  lang: MailLang;
  mail: { subject: string; text: string };
  sms: { text: string; length: number; limit: number; gsm: boolean };
}

export interface UpdatePreview {
  statusPage: Array<{ lang: string; headline: string; message: string }>;
  channels: ChannelPreview[];
  contacts: ContactPreview[];
}

/** Where a subscriber's own manage and unsubscribe links go: plainly an example, never a real token. */
export const EXAMPLE_TOKEN = 'EXAMPLE-per-subscriber';
export const exampleLinks = (publicUrl: string, brand: string) => ({
  unsubscribe: `${publicUrl}/status/${brand}/unsubscribe?token=${EXAMPLE_TOKEN}`,
  manage: `${publicUrl}/status/${brand}/subscribe/manage?token=${EXAMPLE_TOKEN}`,
});

type Window = Pick<Incident, 'kind' | 'scheduledFor' | 'scheduledUntil'>;

export function previewUpdate(brand: Brand, update: IncidentUpdate, env: ChannelEnv, window?: Window): UpdatePreview {
  const statusPage = brand.languages.map((lang) => ({ lang, headline: headline(update, lang), message: messageIn(update, lang) }));
  const channels = brand.channels.map((channel): ChannelPreview => {
    const receives = impactsFrom(channel.minImpact).includes(update.impact);
    const base = { channel: channel.id, type: channel.type, receives };
    if (channel.type === 'webhook') return { ...base, note: 'signed per delivery (a JSON event with the update)' };
    try {
      const request = channelRequest({ update, brand, env }, channel);
      const type = Object.entries(request.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
      return { ...base, body: pretty(request.body, type) };
    } catch (e) {
      return { ...base, note: (e as Error).message };
    }
  });
  return { statusPage, channels, contacts: previewContacts(brand, update, env.publicUrl, window ?? { kind: update.kind === 'maintenance' ? 'maintenance' : 'incident' }) };
}

/** What an e-mail and a phone subscriber get in each of the brand's languages, as contacts.ts sends it. */
function previewContacts(brand: Brand, update: IncidentUpdate, base: string, incident: Window): ContactPreview[] {
  const publicUrl = base.replace(/\/$/, '');
  return brand.languages.filter(isMailLang).map((lang) => {
    const mail = renderUpdateMail({ brand, incident, update, lang, publicUrl, links: exampleLinks(publicUrl, brand.id) });
    const text = updateSms({ brand, update, lang, publicUrl });
    const gsm = isGsm7(text);
    return { lang, mail: { subject: mail.subject, text: mail.text }, sms: { text, length: gsm ? gsm7Length(text) : [...text].length, limit: gsm ? SMS_SEGMENT.gsm7 : SMS_SEGMENT.ucs2, gsm } };
  });
}

/** Keys that carry a credential in a channel's body (Graph's access_token in a form post, say): never shown. */
const CREDENTIAL = /token|secret|password|signature|api[_-]?key/i;

const withoutCredentials = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(withoutCredentials) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => !CREDENTIAL.test(k)).map(([k, x]) => [k, withoutCredentials(x)])) : v;

function pretty(body: unknown, contentType?: string): string {
  if (typeof body !== 'string') return JSON.stringify(withoutCredentials(body), null, 2);
  if (/x-www-form-urlencoded/.test(contentType ?? '')) {
    return [...new URLSearchParams(body)].filter(([k]) => !CREDENTIAL.test(k)).map(([k, v]) => `${k}: ${v}`).join('\n');
  }
  try {
    return JSON.stringify(withoutCredentials(JSON.parse(body)), null, 2);
  } catch {
    return body;
  }
}
