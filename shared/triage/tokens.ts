/**
 * One pass over a social post: words, hashtags, emoji/emoticons and the punctuation that
 * bounds a clause. URLs and @handles are dropped here, so "@GoodEnergy" or a link slug never
 * carries sentiment. One precompiled regex; no per-token objects.
 */
export const WORD = 0;
export const HASHTAG = 1;
export const EMOJI = 2;
export const BREAK = 3;
export const EXCLAIM = 4;
export const QUESTION = 5;

export interface Tokens {
  text: string[];
  kind: number[];
  /** Bit 1: written in capitals ("NEVER"), bit 2: elongated ("suuuuper"). */
  flags: number[];
}

export const CAPS = 1;
export const ELONGATED = 2;

// Emoji with skin-tone modifiers are matched as one token on purpose; the escapes keep the emoticons readable.
const TOKEN =
  // eslint-disable-next-line no-misleading-character-class, no-useless-escape
  /(https?:\/\/\S+|www\.\S+)|(@[\p{L}\p{N}_]+)|#([\p{L}\p{N}_]+)|(<\/?3|>:\(|[:;=]'?-?[)(\]\[dpDPoOsS|*3@\/\\](?![\p{L}\p{N}])|\b[xX][dD]\b)|(\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}])[\uFE0F\u{1F3FB}-\u{1F3FF}\u200D\p{Extended_Pictographic}]*|([\p{L}\p{N}]+(?:'[\p{L}]+)*)|(!+|\?+|[.,;:…]+)/gu;
const REPEATS = /(\p{L})\1{2,}/gu;
const HAS_REPEATS = /(\p{L})\1{2,}/u;

export function tokenize(raw: string): Tokens {
  const out: Tokens = { text: [], kind: [], flags: [] };
  const source = raw.includes('’') ? raw.replaceAll('’', "'") : raw;
  for (const m of source.matchAll(TOKEN)) {
    if (m[1] !== undefined || m[2] !== undefined) continue;
    if (m[3] !== undefined) push(out, m[3], HASHTAG);
    else if (m[4] !== undefined) push(out, m[4].toLowerCase(), EMOJI);
    else if (m[5] !== undefined) push(out, String.fromCodePoint(m[5].codePointAt(0)!), EMOJI);
    else if (m[6] !== undefined) push(out, m[6], WORD);
    else if (m[7] !== undefined) push(out, m[7], m[7][0] === '!' ? EXCLAIM : m[7][0] === '?' ? QUESTION : BREAK);
  }
  return out;
}

function push(out: Tokens, token: string, kind: number) {
  let flags = 0;
  let text = token;
  if (kind === WORD || kind === HASHTAG) {
    const lower = token.toLowerCase();
    if (token.length >= 3 && lower !== token && token.toUpperCase() === token) flags |= CAPS;
    text = lower;
    if (HAS_REPEATS.test(lower)) {
      flags |= ELONGATED;
      text = lower.replace(REPEATS, '$1$1');
    }
  }
  out.text.push(text);
  out.kind.push(kind);
  out.flags.push(flags);
}

/** An elongated word squeezed further: "suuper" (from "suuuuper") → "super", "goeeed" → "goed". */
export function squeeze(word: string): string {
  return word.replace(/(\p{L})\1/gu, '$1');
}
