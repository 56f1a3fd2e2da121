/**
 * The most text one mention keeps: 16 KiB of UTF-8. Every platform's own limit for a post, comment,
 * DM or review is far below it (a long X post is 25,000 characters of mostly one byte), and a
 * DynamoDB item holds 400 KB: with the original text and a few revisions beside it, an unbounded
 * text would make a well-signed event unstorable, answered 503 and redelivered forever.
 */
export const MAX_TEXT_BYTES = 16 * 1024;

/** The start of `text` within `max` UTF-8 bytes, cut between characters, never inside one. */
export function boundText(text: string, max = MAX_TEXT_BYTES): { text: string; truncated: boolean } {
  // Each UTF-16 unit is at most 3 UTF-8 bytes: short texts skip the encoding entirely.
  if (text.length * 3 <= max || Buffer.byteLength(text, 'utf8') <= max) return { text, truncated: false };
  const bytes = Buffer.from(text, 'utf8');
  let end = max;
  // 10xxxxxx is a continuation byte: step back to the first byte of the character that would be split.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString('utf8'), truncated: true };
}

/**
 * Keeps `text.length` (UTF-16 units, the stricter count) within `max`, cuts between code points
 * so an emoji never breaks, and marks the cut.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}
