import { wordsRegex } from '../words.ts';
import type { Brand } from '../config/brand.ts';
import type { Intent, Sentiment } from '../mention.ts';

/**
 * Priority on a 0–100 scale, higher = more urgent. Roughly: 0–20 praise and chatter,
 * 20–40 questions, 40–60 complaints, 60+ complaints with reach, an outage or a customer
 * who keeps coming back. The parts add up so an agent can read why from the inputs.
 */
const BASE: Record<Intent, number> = { complaint: 40, question: 25, other: 10, compliment: 5 };

export interface PriorityInput {
  intent: Intent;
  sentiment: Sentiment;
  followers?: number;
  outage: boolean;
  /** Earlier contacts of the same person in the last days (see cases.ts). */
  repeatContacts: number;
  sarcasm?: boolean;
}

export function priorityOf(p: PriorityInput): number {
  let score = BASE[p.intent];
  if (p.sentiment.label === 'negative') score += Math.round(15 * Math.min(1, Math.abs(p.sentiment.score)));
  score += reach(p.followers);
  if (p.outage) score += 20;
  score += 5 * Math.min(4, p.repeatContacts);
  if (p.sarcasm) score += 5;
  return Math.max(0, Math.min(100, score));
}

/** Reach counts in orders of magnitude: 1k followers +5, 10k +10, 100k +15, 1M +20. */
function reach(followers: number | undefined): number {
  if (!followers || followers < 1000) return 0;
  return Math.min(20, 5 * Math.floor(Math.log10(followers) - 2));
}

const brandWords = new WeakMap<Brand, RegExp | null>();

/**
 * The brand's own outage words ("app", "inloggen"). They are everyday words, so they only
 * count in a mention that is not praise: "love the new app" is no outage.
 */
export function mentionsBrandOutage(brand: Brand, lower: string, sentiment: Sentiment): boolean {
  if (sentiment.label === 'positive') return false;
  let re = brandWords.get(brand);
  if (re === undefined) {
    re = wordsRegex(brand.outageKeywords);
    brandWords.set(brand, re);
  }
  return re !== null && re.test(lower);
}
