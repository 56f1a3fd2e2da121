/**
 * The customer's first name as the brand may say it in public, or undefined.
 *
 * A display name is whatever the customer typed: `www.evil-phish.example`, an @handle, a phone
 * number or a slogan would be posted under the brand's name. So only the first word of it is
 * considered, and only when it reads like a first name: letters of any script (José, Zoë, Łukasz,
 * Ngọc), at most one hyphen or apostrophe between letter runs (Anne-Marie, O'Neil), 2–20
 * characters. Dots, digits, @, slashes, emoji and invisible characters all disqualify it; a
 * template reads well without the name, so leaving it out is always safe.
 */
const FIRST_NAME = /^\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)?$/u;
const MIN = 2;
const MAX = 20;

export function safeFirstName(displayName: string | undefined): string | undefined {
  // Bounded before any pattern runs: a display name is untrusted text of any length.
  const first = displayName?.slice(0, 200).normalize('NFC').trim().split(/\s+/)[0];
  if (!first || first.length < MIN || first.length > MAX) return undefined;
  return FIRST_NAME.test(first) ? first : undefined;
}
