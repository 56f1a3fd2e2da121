import type { Sentiment } from '../mention.ts';
import type { Signals } from './signals.ts';

/**
 * From signals to {label, score, confidence}. `score` is a VADER-style normalized sum in -1..1;
 * `confidence` says how sure the label is. Positive confidence is what the thank-you flow
 * thresholds on, so it is held back by anything that makes praise doubtful: negative words
 * next to it, negated praise, a question, a broken service. A false thank-you costs more
 * than a missed one.
 */
const ALPHA = 15;
export const POSITIVE_AT = 0.3;
export const NEGATIVE_AT = -0.25;

export function normalize(sum: number): number {
  return sum / Math.sqrt(sum * sum + ALPHA);
}

/**
 * Long posts dilute: past DILUTE_FROM words the evidence for a thank-you counts as
 * sqrt(DILUTE_FROM / words) of itself. "Great!" or "Top service, bedankt" is meant for the
 * brand; one "great" in a forty-word description of a menu or a laptop often is not.
 */
const DILUTE_FROM = 8;
function dilution(words: number): number {
  return words <= DILUTE_FROM ? 1 : Math.sqrt(DILUTE_FROM / words);
}

export function sentimentOf(s: Signals, sarcasm: boolean, rating?: number): Sentiment {
  const score = round(normalize(s.sum));
  if (rating !== undefined && rating > 0) return byRating(rating, score, s, sarcasm);
  if (sarcasm) return { label: 'negative', score: Math.min(score, -0.5), confidence: 0.75 };
  if (score >= POSITIVE_AT && !s.failure) return { label: 'positive', score, confidence: positiveConfidence(score, s) };
  // Denied praise is a complaint even when mild ("not easy to carry", "niet vriendelijk").
  if (score <= NEGATIVE_AT || s.failure || (s.negatedPositive && s.sum < 0)) return { label: 'negative', score: Math.min(score, -0.3), confidence: negativeConfidence(score, s) };
  return { label: 'neutral', score, confidence: round(1 - Math.abs(score) / POSITIVE_AT / 2) };
}

/**
 * Stricter than the label: one mild word ("fine", "goed") is not enough to thank someone for;
 * one strong one in a short post ("This place is great.") is.
 */
const CONFIDENCE_ALPHA = 12;

function positiveConfidence(score: number, s: Signals): number {
  const purity = s.pos / (s.pos + s.neg);
  const sum = s.sum * dilution(s.words);
  let c = (sum / Math.sqrt(sum * sum + CONFIDENCE_ALPHA)) * purity * purity;
  if (s.hypothetical) c *= 0.75;
  if (s.question) c *= 0.75;
  if (s.comparative) c *= 0.75;
  if (s.negatedPositive) c *= 0.8;
  return round(c);
}

function negativeConfidence(score: number, s: Signals): number {
  const purity = s.neg / (s.pos + s.neg || 1);
  const base = s.failure ? Math.max(0.6, -score) : -score;
  return round(Math.min(1, base * (0.5 + purity / 2)));
}

/** A 1–2 star review is negative whatever its words; 4–5 stars positive unless the text clearly says otherwise. */
function byRating(rating: number, score: number, s: Signals, sarcasm: boolean): Sentiment {
  if (rating <= 2) return { label: 'negative', score: Math.min(score, rating <= 1 ? -0.8 : -0.5), confidence: 0.9 };
  if (rating >= 4) {
    if (sarcasm || score <= -0.5 || s.failure) return { label: 'negative', score: Math.min(score, -0.3), confidence: 0.6 };
    const text = score > 0 ? positiveConfidence(score, s) : 0;
    const stars = rating >= 5 ? 0.85 : 0.7;
    return { label: 'positive', score: Math.max(score, rating >= 5 ? 0.8 : 0.5), confidence: round(Math.max(stars - (s.neg > 0 ? 0.15 : 0), text)) };
  }
  // Three stars: the text decides, but it is never a fan to thank.
  if (sarcasm || score <= NEGATIVE_AT || s.failure) return { label: 'negative', score: Math.min(score, -0.3), confidence: 0.6 };
  if (score >= 0.6) return { label: 'positive', score, confidence: Math.min(0.5, positiveConfidence(score, s)) };
  return { label: 'neutral', score, confidence: 0.6 };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
