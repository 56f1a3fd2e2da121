/** Shared by triage (routing, outage words) and the inbox rules of cases. */
/** Whole-word, case-insensitive match of any of `words` (phrases allowed); null when there are none. */
export function wordsRegex(words: readonly string[]): RegExp | null {
  const clean = words.map((w) => w.trim().toLowerCase()).filter(Boolean);
  if (!clean.length) return null;
  const escaped = clean.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'u');
}

/**
 * Lower case without accents or repeated spaces, so "Café" is found by "cafe" and "CAFÉ": the
 * inbox's search folds the stored text and the query alike (DynamoDB's `contains` is exact).
 */
export const foldForSearch = (text: string) =>
  text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
