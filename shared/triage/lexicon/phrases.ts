/**
 * Multi-word expressions whose words score nothing (or the wrong thing) alone: "we komen zeker
 * terug", "don't buy", "in de wacht". wecare's own list, same license as the project.
 * Words are separated by single spaces, as the tokenizer splits them ("hassle free" also
 * matches "hassle-free"); scores use the AFINN scale.
 */
const PHRASES: Record<string, number> = {
  // coming back, recommending
  'will be back': 2, "we'll be back": 2, "i'll be back": 2, 'will definitely be back': 3, 'will go back': 2, 'will come back': 2,
  'coming back': 1, 'going back': 1, 'will return': 2, "can't wait": 2, 'cannot wait': 2, 'look forward': 2, 'looking forward': 2,
  "can't beat": 2, 'cannot beat': 2, "can't go wrong": 2, 'cannot go wrong': 2, "won't regret": 2, 'must try': 2, 'a must': 2,
  'worth the wait': 2, 'worth every penny': 3, 'value for money': 2, 'money well spent': 2, 'blown away': 3, 'hats off': 3,
  'well done': 2, 'keep it up': 2, 'keep up the good work': 3, 'to die for': 3, 'out of this world': 3, 'second to none': 3,
  'top notch': 3, 'spot on': 2, 'no complaints': 2, 'no problems': 1, 'no issues': 1, 'works like a charm': 3, 'works great': 2,
  'zeker terug': 2, 'komen terug': 2, 'kom terug': 2, 'gaan zeker': 2, 'zeker en vast': 1, 'voor herhaling vatbaar': 3,
  'waar voor je geld': 2, 'niet te versmaden': 2, 'geen klachten': 2, 'dikke duim': 3, 'petje af': 3, 'in de watten': 3,
  'de moeite waard': 2, 'aan te raden': 2, 'houden van': 2, 'hou van': 2, 'schot in de roos': 3, 'op niveau': 2, 'in orde': 1,
  'tip top': 3, 'geen spijt': 2, 'niets op aan te merken': 3, 'niks op aan te merken': 3, 'niets mis mee': 2, 'top geregeld': 3,
  // staying away, giving up
  "don't buy": -3, 'do not buy': -3, "don't waste": -3, 'waste of money': -3, 'waste of time': -3, 'stay away': -3,
  'never again': -3, 'never going back': -3, "won't be back": -3, 'will not be back': -3, "won't return": -3, 'will not return': -3,
  'not recommended': -2, 'returned it': -2, 'sent it back': -2, 'send it back': -2, 'had to return': -2, 'had to send': -2,
  'for repair': -2, 'blue screen': -2, 'stopped working': -3, 'stops working': -3, 'gave up': -2, "doesn't even": -2,
  "can't even": -2, "couldn't even": -2, 'on hold': -2, 'hung up': -2, 'no one': -1, 'what a joke': -3, 'what a mess': -3,
  'nooit meer': -3, 'niet meer terug': -3, 'niet de moeite': -3, 'niet voor herhaling vatbaar': -3, 'niet aan te raden': -3,
  'in de wacht': -2, 'stopt met werken': -3, 'niet eens': -1, 'kan niet eens': -2, 'ver te zoeken': -2, 'laat te wensen': -3,
  'te wensen over': -3, 'een hel': -3, 'ligt plat': -2, 'geen woord': -2, 'van het kastje naar de muur': -3, 'kastje naar de muur': -3,
  // well done, going the extra mile
  'very well': 2, 'so well': 2, 'really well': 2, 'works well': 2, 'worked well': 2, 'working well': 2, 'well made': 2,
  'well priced': 2, 'well worth': 3, 'well cooked': 2, 'well prepared': 2, 'well designed': 2, 'well built': 2,
  'well organized': 2, 'well organised': 2, 'well stocked': 2, 'well thought out': 2, 'well looked after': 2,
  'above and beyond': 3, 'out of their way': 2, 'out of his way': 2, 'out of her way': 2, 'made my day': 3,
  'on point': 2, 'hit the spot': 2, "can't get enough": 3, 'big fan': 2, 'huge fan': 3, 'hassle free': 2,
  'life saver': 3, 'go back': 1, 'come back': 1, 'be back': 1, 'will be coming back': 2, 'highly recommend': 3,
  'voor herhaling': 2, 'kom graag terug': 2, 'komen graag terug': 2, 'graag terug': 2, 'prijs kwaliteit': 1,
  'prijs-kwaliteit': 1, 'in de roos': 2, 'heel goed': 3, 'snel geholpen': 3, 'goed geholpen': 3, 'top service': 3,
  // "like" is mostly a preposition (AFINN's score is dropped); with a subject it is praise, and a negator flips it
  'i like': 2, 'we like': 2, 'really like': 2, 'i really like': 2, 'like it': 2,
  'looks like': 0, 'seems like': 0, 'feels like': 0, 'sounds like': 0, 'just like': 0, 'would like': 0, "i'd like": 0,
  'more like': 0, 'felt like': 0, 'looked like': 0, 'something like': 0, 'anything like': 0,
  'easy to use': 2, 'easier to use': 2,
  // letting down, breaking
  'not a fan': -2, 'let down': -2, 'let me down': -3, 'let us down': -3, 'nothing special': -1,
  'nothing to write home about': -2, 'could be better': -1, 'could have been better': -2, 'rip off': -3, 'ripped off': -3,
  'screwed up': -3, 'messed up': -2, 'fell apart': -3, 'falls apart': -3, 'broke down': -2, 'went bad': -2,
  'died on me': -3, 'piece of junk': -4, 'piece of crap': -4, 'piece of shit': -4, 'buyer beware': -3,
  'never go back': -3, 'never come back': -3, 'not coming back': -3, 'still waiting': -2, 'takes forever': -2,
  'took forever': -2, 'taking forever': -2, 'charged twice': -3, 'double charged': -3, 'no longer works': -3,
  'viel tegen': -2, 'valt tegen': -2, 'vielen tegen': -2, 'tegengevallen': -2, 'klaar mee': -3, 'klaar met jullie': -3,
  'ziek van': -3, 'nog steeds niet': -2, 'nog steeds geen': -2, 'duurt eeuwen': -2, 'duurde eeuwen': -2,
  'geen zin': -1, 'de mist in': -3, 'niet waard': -2, 'zijn geld niet waard': -3, 'over ons heen': -2,
  'only complaint': -2, 'only problem': -2, 'only issue': -2, 'only downside': -2, 'only drawback': -2, 'my complaint': -2,
  'over rated': -2, 'save your money': -3, 'spend your money elsewhere': -3, 'returning it': -2, 'return it': -2,
  "doesn't have": -1, 'does not have': -1, "didn't even": -2, 'did not even': -2, 'can not even': -2, 'cannot even': -2,
  'enige nadeel': -2, 'enig minpunt': -2, 'spijtig genoeg': -2, 'jammer genoeg': -2, 'niet waar voor je geld': -3,
  'ben het zat': -3, 'ben het beu': -3, 'heb er genoeg van': -3, "i'm done": -2, 'sick of': -3, 'fed up': -3, 'had enough': -3,
};

export interface Phrase {
  words: string[];
  score: number;
}

/**
 * Phrases by their first word, longest first: matched on the tokens (no regex pass over the
 * text), so the phrase's words are read as the phrase and not one by one.
 */
export const PHRASES_BY_FIRST = new Map<string, Phrase[]>();
for (const [text, score] of Object.entries(PHRASES)) {
  const words = text.split(' ');
  const list = PHRASES_BY_FIRST.get(words[0]!) ?? [];
  list.push({ words, score });
  PHRASES_BY_FIRST.set(words[0]!, list);
}
for (const list of PHRASES_BY_FIRST.values()) list.sort((a, b) => b.words.length - a.words.length);
