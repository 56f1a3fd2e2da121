import { detectAll } from 'tinyld/light';
import { HASHTAG, type Tokens, WORD } from './tokens.ts';

export type Lang = 'nl' | 'en' | 'other';

/**
 * Function words decide most posts on their own and cost a Set lookup each; n-gram detection
 * (tinyld, ~30 µs) only runs when they disagree or are absent. Words both languages share
 * ("is", "was", "in", "de"… as in "de app is down") are left out on purpose.
 */
const NL = new Set(
  'de het een en van ik je jij jullie niet geen dat die wat er op met voor zijn maar ook nog al weer wel nu dan hoe waarom wanneer waar kan kun kunnen mijn mij wij ze hij zij deze dit om te naar bij uit aan heb hebt heeft hebben werd wordt worden moet moeten hoor toch even heel erg graag bedankt dank jullie bent zou zal gaat gaan komt weet omdat nooit niks niets iets iemand alweer sinds al echt zo welke wie onze ons mag mogen doen doet kunt weer gewoon helaas nou zelf hier daar dus ben'.split(' '),
);
const EN = new Set(
  'the a an and i you your my me they he she it this that are be been not no with for to on at what why how when where can could do does did have has will would just again still please thanks thank so very but or if there from by about all get got it\'s i\'m don\'t doesn\'t can\'t won\'t isn\'t guys our us any anyone never nothing something someone which who should being really since'.split(' '),
);

/** German, French and Spanish function words: their presence sends a post to tinyld instead of a guess. */
const OTHER = new Set(
  'und ist das ich nicht wir sie auch der den dem ein eine mit auf für warum wieder schon heute sehr le la les est pas et une des pour je vous ne nous avec sur très el los las es por para muy pero como qué porque y'.split(' '),
);

const PLATFORM_CODES: Record<string, Lang> = { nl: 'nl', en: 'en', 'nl-nl': 'nl', 'nl-be': 'nl', 'en-gb': 'en', 'en-us': 'en' };
/** Platform codes that mean "not known" (X: und, qme = media only, zxx = no text, qht = hashtags only). */
const UNKNOWN = new Set(['und', 'qme', 'zxx', 'qht', 'qam', 'qct', 'qst', '']);

export function platformLang(code: string | undefined): Lang | undefined {
  if (code === undefined) return undefined;
  const lower = code.toLowerCase();
  if (UNKNOWN.has(lower)) return undefined;
  return PLATFORM_CODES[lower] ?? (lower.startsWith('nl') ? 'nl' : lower.startsWith('en') ? 'en' : 'other');
}

/** The platform's own `lang` wins; then Dutch/English function words; then tinyld among nl/en/other. */
export function detectLanguage(text: string, tokens: Tokens, given?: string): Lang {
  const fromPlatform = platformLang(given);
  if (fromPlatform) return fromPlatform;
  let nl = 0;
  let en = 0;
  let other = 0;
  let words = 0;
  for (let i = 0; i < tokens.text.length; i++) {
    if (tokens.kind[i] !== WORD && tokens.kind[i] !== HASHTAG) continue;
    words++;
    const w = tokens.text[i]!;
    if (NL.has(w)) nl++;
    else if (EN.has(w)) en++;
    else if (OTHER.has(w)) other++;
  }
  if (other > nl + en) return byNgrams(text, 0, 0, true);
  // In a short post one function word decides ("de app is down"); a longer one needs two,
  // since German and Afrikaans share a few ("die", "was").
  const enough = words <= 5 || other === 0 ? 1 : 2;
  if (nl >= enough && nl >= 2 * en) return 'nl';
  if (en >= enough && en >= 2 * nl) return 'en';
  return byNgrams(text, nl, en);
}

/** Short or mixed posts: tinyld's ranking, but nl/en win when close to the top (brands here speak those). */
function byNgrams(text: string, nl: number, en: number, foreign = false): Lang {
  const ranked = detectAll(text);
  const top = ranked[0];
  if (!top) return nl > en ? 'nl' : en > nl ? 'en' : 'other';
  if (foreign) return top.lang === 'nl' ? 'nl' : top.lang === 'en' ? 'en' : 'other';
  const near = ranked.find((r) => (r.lang === 'nl' || r.lang === 'af' || r.lang === 'en') && r.accuracy >= top.accuracy * 0.5);
  if (near) return near.lang === 'en' ? 'en' : 'nl';
  if (nl > en) return 'nl';
  if (en > nl) return 'en';
  return 'other';
}
