import type { Brand } from '../config/brand.ts';
import type { IncidentUpdate } from '../incidents/model.ts';
import type { MailLang } from './mail/words.ts';
import { mailWords } from './mail/words.ts';
import { incidentUrl, label } from './text.ts';

/**
 * An update as one text message: brand, incident, status, as much of the message as fits, the
 * incident's page and how to stop. One segment is 160 GSM-7 characters but only 70 once a single
 * character is outside GSM-7 (an emoji, a curly quote): so look-alikes replace the usual suspects
 * first, and the message, never the link or the STOP line, gives way.
 */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€';
const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);

export const SMS_SEGMENT = { gsm7: 160, ucs2: 70 };

export const isGsm7 = (s: string) => [...s].every((c) => BASIC.has(c) || EXTENDED.has(c));
/** Septets: an extended character takes an escape and itself. */
export const gsm7Length = (s: string) => [...s].reduce((n, c) => n + (EXTENDED.has(c) ? 2 : 1), 0);
const lengthIn = (s: string, gsm: boolean) => (gsm ? gsm7Length(s) : [...s].length);

const LOOK_ALIKES: Record<string, string> = { '‘': "'", '’': "'", '“': '"', '”': '"', '–': '-', '—': '-', '…': '...', ë: 'e', ï: 'i', ê: 'e', â: 'a', ô: 'o', á: 'a', í: 'i', ó: 'o', ú: 'u', ç: 'c', 'Ë': 'E', 'Ï': 'I', '\u00a0': ' ' };
/** Common typography and Dutch diacritics that GSM-7 lacks, as the characters people would type instead. */
export const toGsm7 = (s: string) => [...s].map((c) => LOOK_ALIKES[c] ?? c).join('');

function clipTo(text: string, room: number, gsm: boolean): string {
  if (lengthIn(text, gsm) <= room) return text;
  let out = '';
  for (const c of text) {
    if (lengthIn(`${out}${c}...`, gsm) > room) break;
    out += c;
  }
  return `${out.trimEnd()}...`;
}

export function updateSms(input: { brand: Pick<Brand, 'name'>; update: IncidentUpdate; lang: MailLang; publicUrl: string }): string {
  const { brand, update, lang } = input;
  const head = toGsm7(`${brand.name}: ${update.name} - ${label(lang, update.status)}`.replace(/\s+/g, ' '));
  const tail = toGsm7(` ${incidentUrl(input.publicUrl, update)} ${mailWords(lang).smsStop}`);
  const message = toGsm7(update.message[lang].replace(/\s+/g, ' ').trim());
  const gsm = isGsm7(head + tail + message);
  const limit = gsm ? SMS_SEGMENT.gsm7 : SMS_SEGMENT.ucs2;
  const room = limit - lengthIn(`${head}. ${tail}`, gsm);
  // Less room than a few words: the name, status and link say enough on their own.
  if (room >= 15) return `${head}. ${clipTo(message, room, gsm)}${tail}`;
  const headRoom = limit - lengthIn(tail, gsm);
  return `${headRoom >= 20 ? clipTo(head, headRoom, gsm) : head}${tail}`;
}
