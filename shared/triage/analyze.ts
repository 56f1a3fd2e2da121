import type { Sentiment } from '../mention.ts';
import { detectLanguage, type Lang } from './language.ts';
import { isSarcastic } from './sarcasm.ts';
import { sentimentOf } from './sentiment.ts';
import { readSignals, type Signals } from './signals.ts';
import { tokenize } from './tokens.ts';

/** Words that say a service is broken, in both languages; brands add their own (see outage.ts). */
const OUTAGE =
  /\b(?:storing(?:en)?|stroomstoring|stroomuitval|gasstoring|netstoring|ligt (?:er)?(?:uit|plat)|ligt eruit|is plat|down|offline|outage|outages|blackout|power cut|werkt(?: al [\p{L} ]{0,20})? niet|werken niet|doet het niet|not working|doesn't work|isn't working|no power|geen stroom|onbereikbaar|unreachable|crash(?:es|ed|t|te)?|storingsmelding)\b/u;

export interface Analysis {
  lang: Lang;
  lower: string;
  signals: Signals;
  sarcasm: boolean;
  outage: boolean;
  sentiment: Sentiment;
}

/** Language, sentiment and sarcasm of one text; everything triage decides starts here. */
export function analyze(text: string, opts: { lang?: string; rating?: number } = {}): Analysis {
  const tokens = tokenize(text);
  const lang = detectLanguage(text, tokens, opts.lang);
  const lower = text.toLowerCase().replaceAll('’', "'");
  const signals = readSignals(tokens, lang);
  const outage = OUTAGE.test(lower);
  const sarcasm = isSarcastic(lower, signals, outage);
  return { lang, lower, signals, sarcasm, outage, sentiment: sentimentOf(signals, sarcasm, opts.rating) };
}
