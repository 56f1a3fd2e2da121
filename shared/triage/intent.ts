import type { Intent } from '../mention.ts';
import type { Analysis } from './analyze.ts';

const QUESTION_OPENERS =
  /^(?:@\S+\s+)*(?:hoe|wat|wanneer|waar|waarom|welke|wie|kan|kun|kunt|kunnen|mag|mogen|is|zijn|heb|hebben|hebt|weet|wordt|gaat|klopt|krijg|moet|how|what|when|where|why|which|who|can|could|do|does|did|is|are|will|would|should|may|any(?:one|body)?)\b/;
const EXCLAMATIVE = /^(?:@\S+\s+)*(?:wat een|wat (?:fijn|leuk|mooi|goed|snel|top|lief|tof|heerlijk)|what an?|how (?:nice|great|cool|awesome|kind|sweet|lovely|fast))\b/;
const COMPLAINT_WORDS = /\b(?:klacht|klaag|klagen|complaint|complain|refund|terugbetaling|compensatie|compensation|schadevergoeding|opzeggen|overstappen|cancel my|switching)\b/;

export interface IntentContext {
  /** The post answers a thread the brand started or replied in. */
  inBrandThread?: boolean;
  rating?: number;
}

/**
 * Question, complaint, compliment or other. A question that is also a complaint is a complaint
 * when it carries a complaint's signs: negative sentiment, sarcasm, a broken service, or an
 * explicit complaint word ("waarom werkt de app weer niet??" → complaint; "hoe geef ik mijn
 * meterstand door?" → question; "is er een storing?" → question). The complaint needs an
 * apology and a fix, not only an answer, and it gets the complaint's priority and SLA.
 */
export function detectIntent(a: Analysis, ctx: IntentContext = {}): Intent {
  const { sentiment, signals } = a;
  if (ctx.rating !== undefined && ctx.rating > 0) {
    if (ctx.rating <= 2 || sentiment.label === 'negative') return 'complaint';
    if (ctx.rating >= 4) return 'compliment';
  }
  const negative = sentiment.label === 'negative' || a.sarcasm || signals.failure;
  if (negative || COMPLAINT_WORDS.test(a.lower)) return 'complaint';
  if (signals.question) return 'question';
  // A "thanks!" under the brand's own answer is praise even when short and mild.
  // (On the confidence curve of sentiment.ts: about one "thanks" in a brand thread, a bit more elsewhere.)
  const praiseAt = ctx.inBrandThread ? 0.35 : 0.52;
  if (sentiment.label === 'positive' && (sentiment.confidence ?? 0) >= praiseAt) return 'compliment';
  // Without a question mark, an opener only asks when it is no exclamation: "wat een service!", "what a team".
  if (QUESTION_OPENERS.test(a.lower) && !EXCLAMATIVE.test(a.lower)) return 'question';
  return 'other';
}
