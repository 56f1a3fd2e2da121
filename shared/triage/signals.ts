import { englishLexicon } from './lexicon/en.ts';
import { dutchLexicon } from './lexicon/nl.ts';
import { type Phrase, PHRASES_BY_FIRST } from './lexicon/phrases.ts';
import { ARTICLES, CONTRAST, EMOJI as EMOJI_SCORES, EMOTICONS, EXCESS, FAILURE_VERBS, INTENSIFIERS, IRONY_EMOJI, NEEDED, NEGATORS } from './lexicon/social.ts';
import type { Lang } from './language.ts';
import { BREAK, CAPS, ELONGATED, EMOJI, EXCLAIM, HASHTAG, QUESTION, squeeze, type Tokens, WORD } from './tokens.ts';

/** What one pass over the tokens found; sentiment, sarcasm and intent are decided from this. */
export interface Signals {
  /** Valence sum after negation, intensifiers, contrast and emphasis (AFINN scale). */
  sum: number;
  /** Positive and negative mass, kept apart so mixed posts read as mixed, not as zero. */
  pos: number;
  neg: number;
  question: boolean;
  exclaims: number;
  /** "werkt niet", "no power", "doesn't load": a broken service, whatever the other words. */
  failure: boolean;
  /** Praise that was negated ("not great", "niet tevreden"). */
  negatedPositive: boolean;
  /** Eye-roll emoji, #not, #sarcasm: the writer says it is ironic. */
  irony: number;
  /** "if you could fix this that'd be great", "als jullie dat zouden regelen, top": praise of what has not happened. */
  hypothetical: boolean;
  /** "better than", "beter dan": a comparison, not praise addressed to anyone. */
  comparative: boolean;
  /** Words in the post: one "great" in a long description says less than "Great!" alone. */
  words: number;
}

const dutch = dutchLexicon();
const en = englishLexicon();
/**
 * English words that are also Dutch words with another meaning ("die" = that/who, "bad" = bath,
 * "gift" = poison, "glad" = slippery, "amuse" = appetizer): Dutch posts do not borrow these.
 */
const DUTCH_HOMOGRAPHS = new Set([
  'die', 'diest', 'bad', 'gift', 'glad', 'arm', 'hoop', 'mist', 'brand', 'wet', 'stout', 'slim', 'lust', 'war', 'hard', 'kind', 'want',
  'best', 'room', 'spot', 'smart', 'sober', 'vast', 'straf', 'angel', 'lever', 'even', 'rust', 'amuse', 'grand', 'rare', 'hit', 'no', 'god',
  'tout', 'dank', 'lam', 'bang', 'doe', 'lief', 'stem', 'door', 'vet', 'kill', 'ben', 'mag', 'wil', 'hell', 'top', 'lol', 'spoil', 'dom',
]);
/** Dutch posts borrow English ("top service, thanks!", "echt a joke"): Dutch first, then English less the homographs. */
const nl = new Map([...[...en].filter(([w]) => !DUTCH_HOMOGRAPHS.has(w)), ...dutch]);
/** Undetected languages get both lists; English wins where the two disagree ("die", "arm"). */
const LEXICON = { nl, en, other: new Map([...dutch, ...en]) };
const IRONY_TAGS = new Set(['not', 'niet', 'sarcasm', 'sarcasme', 'irony', 'ironie', 'sarcastic', 'sarcastisch']);
const DUTCH_PREFIXES: Array<[string, number]> = [['super', 1.5], ['mega', 1.5], ['top', 1.5], ['over', 1], ['hyper', 1.5], ['bloed', 1.5], ['dood', 1.5]];
const DUTCH_CURSES = ['kut', 'klote', 'rot', 'kanker', 'tering', 'tyfus', 'bagger'];
/** Dutch negation after the word it negates, in the same clause: "lekker was het niet", "ik raad het niet aan". */
const POSTPOSED = new Set(['niet', 'nooit']);
const CLAUSE_OPENERS = new Set(['dat', 'die', 'want', 'omdat', 'en', 'maar', 'als', 'that', 'and', 'but', 'because']);
const NEGATION_REACH = 3;
/** Conditions, wishes and expectations ("we hoped for", "vroeger was het top"): praise of what is not (or no longer) so. */
const HYPOTHETICAL = new Set(['vroeger', 'ooit', 'voorheen', 'destijds', 'previously', 'formerly', 'expected', 'expecting', 'verwacht', 'verwachtte', 'verwachtten', 'verwachting', 'verwachtingen', 'hoped', 'hoopte', 'hoopten', 'supposed', 'dachten', 'if', 'would', "would've", "wouldn't", 'could', 'should', 'wish', 'hopefully', 'als', 'zou', 'zouden', 'zouen', 'mocht', 'hopelijk', 'wonder', 'unless', 'tenzij', 'indien']);

/** Comparisons: praise of one thing against another, often the brand's competitor. */
const COMPARATIVE = new Set(['better', 'than', 'beter', 'betere', 'liever', 'compared', 'vergeleken', 'vergelijking', 'unlike', 'versus', 'vs']);

export function lexiconFor(lang: Lang): Map<string, number> {
  return LEXICON[lang];
}

/** A word's score, trying squeezed elongations and (Dutch) superlatives and compounds. */
export function lookup(lang: Lang, word: string, flags = 0): number | undefined {
  const lex = lexiconFor(lang);
  let v = lex.get(word);
  if (v === undefined && flags & ELONGATED) v = lex.get(squeeze(word));
  if (v !== undefined || lang !== 'nl' || word.length < 5) return v;
  if (word.endsWith('ste')) v = lex.get(word.slice(0, -3)) ?? lex.get(word.slice(0, -2));
  else if (word.endsWith('st')) v = lex.get(word.slice(0, -2));
  if (v !== undefined) return v * 1.2;
  for (const [prefix, mult] of DUTCH_PREFIXES) {
    if (word.startsWith(prefix)) {
      const rest = lex.get(word.slice(prefix.length));
      if (rest !== undefined) return rest * mult;
    }
  }
  for (const curse of DUTCH_CURSES) if (word.startsWith(curse)) return -3;
  return undefined;
}

/** The single pass: a small state machine over the tokens, no allocations per token. */
export function readSignals(tokens: Tokens, lang: Lang): Signals {
  const s: Signals = { sum: 0, pos: 0, neg: 0, question: false, exclaims: 0, failure: false, negatedPositive: false, irony: 0, hypothetical: false, comparative: false, words: 0 };
  const mods = lang === 'nl' ? INTENSIFIERS.nl : INTENSIFIERS.en;
  const { text, kind, flags } = tokens;
  let clauseStart = 0;
  let lastNegator = -10;
  let usedNegator = -10;
  let weight = 1;
  for (let i = 0; i < text.length; i++) {
    const t = text[i]!;
    const k = kind[i];
    if (k === BREAK || k === EXCLAIM || k === QUESTION) {
      clauseStart = i + 1;
      if (k === EXCLAIM) s.exclaims += t.length;
      if (k === QUESTION) s.question = true;
      continue;
    }
    if (k === EMOJI) {
      if (IRONY_EMOJI.has(t)) s.irony++;
      add(s, EMOJI_SCORES.get(t) ?? EMOTICONS.get(t) ?? 0, weight);
      continue;
    }
    if (k === WORD) s.words++;
    if (k === HASHTAG) {
      if (IRONY_TAGS.has(t)) s.irony++;
      else add(s, lookup(lang, t, flags[i]) ?? 0, weight);
      continue;
    }
    // A phrase's words are read as the phrase, not one by one ("to die for" is praise, "die" is
    // not), and a negator before it flips it ("not worth the wait").
    const candidates = PHRASES_BY_FIRST.get(t);
    const phrase = candidates === undefined ? undefined : matchPhrase(tokens, i, candidates);
    if (phrase !== undefined) {
      let v = phrase.score;
      if (lastNegator >= clauseStart && i - lastNegator <= NEGATION_REACH && lastNegator !== usedNegator) {
        if (v > 0) s.negatedPositive = true;
        v = flip(v);
      }
      add(s, v, weight);
      i += phrase.words.length - 1;
      continue;
    }
    if (HYPOTHETICAL.has(t)) s.hypothetical = true;
    if (COMPARATIVE.has(t)) s.comparative = true;
    if (NEGATORS.has(t)) {
      lastNegator = i;
      continue;
    }
    if (CONTRAST.has(t)) {
      // What follows "but/maar" is what the writer means; what came before counts half.
      s.sum *= 0.5;
      s.pos *= 0.5;
      s.neg *= 0.5;
      weight = 1.5;
      clauseStart = i + 1;
      continue;
    }
    if (mods.has(t) && nextHasValence(tokens, i, lang)) continue;
    const negatedBefore = lastNegator >= clauseStart && i - lastNegator <= NEGATION_REACH && lastNegator !== usedNegator;
    let v = lookup(lang, t, flags[i]);
    if (v === undefined && excessBefore(tokens, i)) v = 0;
    if (v === undefined) {
      if (!FAILURE_VERBS.has(t) && !NEEDED.has(t)) continue;
      const after = FAILURE_VERBS.has(t) && lang !== 'en' ? negatorAfter(tokens, i) : -1;
      if (!negatedBefore && after < 0) continue;
      if (after >= 0) usedNegator = after;
      s.failure = true;
      add(s, -2, weight);
      continue;
    }
    v *= modifier(tokens, i, mods);
    if (i > 0 && EXCESS.has(text[i - 1]!)) v = v >= 0 ? -1 : v * 1.3;
    if (flags[i]! & (CAPS | ELONGATED)) v *= 1.3;
    let negated = negatedBefore;
    if (!negated && lang === 'nl') {
      const after = negatorAfter(tokens, i);
      if (after >= 0) {
        negated = true;
        usedNegator = after;
      }
    }
    if (negated) {
      if (v > 0) s.negatedPositive = true;
      v = flip(v);
    }
    add(s, v, weight);
  }
  if (s.exclaims && s.sum !== 0) s.sum *= 1 + 0.08 * Math.min(s.exclaims, 4);
  return s;
}

/** "not great" is a complaint; "not bad" is faint praise, so the flip is asymmetric. */
const NEGATED_POSITIVE = 0.6;
const NEGATED_NEGATIVE = 0.4;
function flip(v: number): number {
  return v > 0 ? -v * NEGATED_POSITIVE : -v * NEGATED_NEGATIVE;
}

function matchPhrase(tokens: Tokens, i: number, candidates: Phrase[]): Phrase | undefined {
  const { text, kind } = tokens;
  outer: for (const phrase of candidates) {
    const words = phrase.words;
    if (i + words.length > text.length) continue;
    for (let j = 1; j < words.length; j++) if (kind[i + j] !== WORD || text[i + j] !== words[j]) continue outer;
    return phrase;
  }
  return undefined;
}

function add(s: Signals, v: number, weight: number) {
  if (v === 0) return;
  const w = v * weight;
  s.sum += w;
  if (w > 0) s.pos += w;
  else s.neg -= w;
}

function nextHasValence(tokens: Tokens, i: number, lang: Lang): boolean {
  const next = i + 1 < tokens.text.length && tokens.kind[i + 1] === WORD ? tokens.text[i + 1]! : undefined;
  if (next === undefined) return false;
  return lookup(lang, next, tokens.flags[i + 1]) !== undefined || INTENSIFIERS.en.has(next) || INTENSIFIERS.nl.has(next) || ARTICLES.has(next);
}

/** "heel erg goed", "what a mess", "wat een gedoe": up to two modifiers before the word. */
function modifier(tokens: Tokens, i: number, mods: Map<string, number>): number {
  const prev = i > 0 && tokens.kind[i - 1] === WORD ? tokens.text[i - 1]! : '';
  let m = mods.get(prev);
  if (m === undefined) {
    if (!ARTICLES.has(prev)) return 1;
    const before = i > 1 ? tokens.text[i - 2]! : '';
    return mods.get(before) === 1.5 || before === 'such' ? 1.5 : 1;
  }
  const before = i > 1 && tokens.kind[i - 2] === WORD ? mods.get(tokens.text[i - 2]!) : undefined;
  if (before !== undefined) m *= before;
  return m;
}

/** "too long", "veel te lang": excess of a word no lexicon scores. Dutch bare "te" is also "om te eten", so it needs "veel". */
function excessBefore(tokens: Tokens, i: number): boolean {
  const prev = i > 0 ? tokens.text[i - 1] : undefined;
  if (prev === 'too' || prev === 'overly') return true;
  return prev === 'te' && i > 1 && tokens.text[i - 2] === 'veel';
}

function negatorAfter(tokens: Tokens, i: number): number {
  const end = Math.min(tokens.text.length, i + 7);
  for (let j = i + 1; j < end; j++) {
    if (tokens.kind[j] !== WORD) return -1;
    const t = tokens.text[j]!;
    if (POSTPOSED.has(t)) return j;
    if (CLAUSE_OPENERS.has(t)) return -1;
  }
  return -1;
}
