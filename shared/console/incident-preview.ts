import { type ChannelEnv, channelRequest } from '../broadcast/channels.ts';
import { headline, messageIn } from '../broadcast/text.ts';
import type { Brand } from '../config/brand.ts';
import { impactsFrom, type IncidentUpdate } from '../incidents/model.ts';

/**
 * What each channel of the brand will receive for an update, before it is published: the status
 * page's headline and message per language, and each broadcast channel's body rendered by the very
 * function the broadcast sends with (broadcast/channels.ts channelRequest). Targets and headers
 * (webhook URLs, tokens) are never shown: they are credentials.
 */
export interface ChannelPreview {
  channel: string;
  type: string;
  /** Below the channel's minImpact: the broadcast skips it. */
  receives: boolean;
  body?: string;
  note?: string;
}

export interface UpdatePreview {
  statusPage: Array<{ lang: string; headline: string; message: string }>;
  channels: ChannelPreview[];
}

export function previewUpdate(brand: Brand, update: IncidentUpdate, env: ChannelEnv): UpdatePreview {
  const statusPage = brand.languages.map((lang) => ({ lang, headline: headline(update, lang), message: messageIn(update, lang) }));
  const channels = brand.channels.map((channel): ChannelPreview => {
    const receives = impactsFrom(channel.minImpact).includes(update.impact);
    const base = { channel: channel.id, type: channel.type, receives };
    if (channel.type === 'webhook') return { ...base, note: 'signed per delivery (a JSON event with the update)' };
    try {
      const request = channelRequest({ update, brand, env }, channel);
      return { ...base, body: pretty(request.body) };
    } catch (e) {
      return { ...base, note: (e as Error).message };
    }
  });
  return { statusPage, channels };
}

function pretty(body: unknown): string {
  if (typeof body !== 'string') return JSON.stringify(body, null, 2);
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
