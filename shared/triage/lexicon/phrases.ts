/**
 * Multi-word expressions whose words score nothing (or the wrong thing) alone: "we komen zeker
 * terug", "don't buy", "in de wacht". wecare's own list, same license as the project.
 * Matched in one regex pass over the lowercased post; scores use the AFINN scale.
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
  'ben het zat': -3, 'ben het beu': -3, 'heb er genoeg van': -3, "i'm done": -2, 'sick of': -3, 'fed up': -3, 'had enough': -3,
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const keys = Object.keys(PHRASES).sort((a, b) => b.length - a.length);

export const PHRASE_REGEX = new RegExp(`(?<![\\p{L}])(?:${keys.map(escape).join('|')})(?![\\p{L}])`, 'gu');
export const PHRASE_SCORES = new Map(Object.entries(PHRASES));
