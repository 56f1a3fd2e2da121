import type { Brand } from '../config/brand.ts';
import type { Mention } from '../mention.ts';

export type Verdict = { send: true } | { send: false; reason: string };

const THANKABLE_KINDS = new Set(['post', 'comment', 'reply', 'mention', 'review']);

/**
 * Texts that read as praise to a lexicon but are not: a question wants an answer, and these
 * phrases are the classic sarcastic thank-yous. Triage should already have caught them; a public
 * cheerful reply to a complaint is bad enough to check twice.
 */
const NOT_PRAISE = [
  /\?/,
  /\b(thanks|thank you|thx)\s+for\s+nothing\b/i,
  /\bbedankt\s+voor\s+(niks|niets)\b/i,
  /\bdank\s+je\s+(wel\s+)?voor\s+(niks|niets)\b/i,
  /#(not|fail|epicfail|sarcasm)\b/i,
];

/**
 * Positive confidence in 0..1. Triage gives `confidence`; without it the score counts only when
 * it already reads as a probability, so an unknown scale never passes the threshold by accident.
 */
export function positiveConfidence(m: Mention): number {
  const s = m.sentiment;
  if (!s || s.label !== 'positive') return 0;
  if (typeof s.confidence === 'number') return s.confidence;
  return s.score >= 0 && s.score <= 1 ? s.score : 0;
}

/**
 * The brand's thank-you rules on the mention alone (no I/O): the first rule that says no
 * gives the reason recorded on the skipped intent. Thread, cool-down and hourly cap need the
 * store and are checked by the flow after this.
 */
export function thankYouVerdict(m: Mention, brand: Brand): Verdict {
  const policy = brand.thankYou;
  const no = (reason: string): Verdict => ({ send: false, reason });
  if (!policy.enabled) return no('thank-yous disabled for the brand');
  if (m.fromBrand || m.status === 'brand') return no("the brand's own message");
  if (m.platformState === 'deleted' || m.platformState === 'hidden') return no(`mention is ${m.platformState}`);
  if (policy.platforms && !policy.platforms.includes(m.platform)) return no(`platform ${m.platform} not enabled for thank-yous`);
  if (!THANKABLE_KINDS.has(m.kind)) return no(`kind ${m.kind} is not thanked`);
  if (m.kind === 'review' || m.rating !== undefined) {
    if (m.rating === undefined) return no('review without a rating');
    if (m.rating < 4) return no(`${m.rating}-star review`);
  }
  if (m.sarcasm) return no('sarcastic');
  if (m.intent === 'complaint' || m.intent === 'question') return no(`intent ${m.intent}`);
  if (m.sentiment?.label !== 'positive') return no(`sentiment ${m.sentiment?.label ?? 'unknown'}`);
  const confidence = positiveConfidence(m);
  if (confidence < policy.threshold) return no(`positive confidence ${confidence.toFixed(2)} below ${policy.threshold}`);
  if (NOT_PRAISE.some((re) => re.test(m.text))) return no('text reads as a question or sarcasm');
  if (m.status === 'answered' || m.status === 'closed') return no(`already ${m.status} by an agent`);
  return { send: true };
}

/** A complaint in the same conversation that is not closed: a thank-you there would read as mockery. */
export function hasOpenComplaint(thread: Mention[], except: string): boolean {
  return thread.some((t) => t.id !== except && t.intent === 'complaint' && t.status !== 'closed' && t.status !== 'brand');
}
