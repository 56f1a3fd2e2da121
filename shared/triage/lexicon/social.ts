/**
 * What social posts are made of besides words: emoji, emoticons and the small words that
 * change the words around them (negators, intensifiers, contrast). Scores use the AFINN scale.
 * wecare's own list, same license as the project.
 */

/** Keyed by the emoji's first code point, so skin tones, variation selectors and ZWJ tails do not matter. */
export const EMOJI = new Map<string, number>([
  ...['😀', '😃', '😄', '😁', '😊', '🙂', '☺', '😎', '👌', '✨', '🌟', '⭐', '💯', '🎉', '🥳', '🤗', '😇', '😌', '🌞', '☀'].map((e) => [e, 2] as const),
  ...['😍', '🥰', '😘', '🤩', '😻', '❤', '💙', '💚', '💛', '🧡', '💜', '💖', '💕', '💗', '👍', '👏', '🙌', '🙏', '💪', '🏆', '🥇', '🔝'].map((e) => [e, 3] as const),
  ...['😆', '😂', '🤣', '😅', '😉', '😋'].map((e) => [e, 1] as const),
  ...['😐', '😑', '🤔', '🤷', '😶', '😬', '😳', '😮', '😲', '🙈'].map((e) => [e, -1] as const),
  ...['😕', '🙁', '☹', '😟', '😔', '😞', '😒', '🙃', '😓', '😥', '🤦', '😱', '😨', '😰', '⚠', '🐌', '⌛', '⏳'].map((e) => [e, -2] as const),
  ...['😢', '😭', '😩', '😫', '😤', '😠', '👎', '💔', '🤢', '🤮', '💩', '🙄', '😪', '🥵', '🥶', '🔥'].map((e) => [e, -3] as const),
  ...['😡', '🤬', '🖕'].map((e) => [e, -4] as const),
]);

/** Emoticons, lowercased (`:D` → `:d`). */
export const EMOTICONS = new Map<string, number>([
  ...[':)', ':-)', ':]', '=)', ':d', ':-d', '=d', ';)', ';-)', ':p', ':-p', 'xd', ':o)', ':*', ':-*', ':3'].map((e) => [e, 2] as const),
  ...['<3'].map((e) => [e, 3] as const),
  ...[':(', ':-(', ':[', '=(', ':/', ':-/', ':\\', ':s', ':-s', ':|', ':-|', ":'(", ":'-(", '</3', ':@', '>:('].map((e) => [e, -2] as const),
]);

/** The sarcasm emoji: eye-roll and upside-down face make praise around them ironic. */
export const IRONY_EMOJI = new Set(['🙄', '🙃']);

export const NEGATORS = new Set([
  'not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without', 'hardly', 'barely', 'zero', 'cannot',
  "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "can't", "couldn't", "won't", "wouldn't",
  "shouldn't", "haven't", "hasn't", "hadn't", "ain't", 'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'cant',
  'couldnt', 'wont', 'wouldnt', 'havent', 'hasnt',
  'niet', 'geen', 'nooit', 'niks', 'niets', 'nergens', 'niemand', 'zonder', 'allerminst', 'geenszins', 'noch', 'amper', 'nauwelijks',
]);

/** Multipliers on the next sentiment word, per language: Dutch "best lekker" is "quite tasty", English "best" is praise. */
const STRONG_EN = ['very', 'really', 'so', 'extremely', 'super', 'totally', 'absolutely', 'incredibly', 'truly', 'highly', 'seriously', 'utterly', 'completely', 'most', 'such', 'insanely', 'damn', 'fucking', 'what', 'real'];
const STRONG_NL = ['heel', 'erg', 'zeer', 'echt', 'enorm', 'ontzettend', 'hartstikke', 'bijzonder', 'uiterst', 'extreem', 'totaal', 'volledig', 'helemaal', 'zo', 'zó', "zo'n", 'ongelooflijk', 'mega', 'super', 'keihard', 'wat', 'verschrikkelijk', 'vreselijk', 'ontiegelijk', 'waanzinnig', 'bizar'];
const MILD_EN = ['quite', 'pretty', 'rather', 'fairly'];
const MILD_NL = ['best', 'vrij', 'tamelijk', 'nogal', 'redelijk'];
const DAMP_EN = ['slightly', 'somewhat', 'kinda', 'bit', 'little', 'mostly', 'almost', 'sometimes'];
const DAMP_NL = ['beetje', 'enigszins', 'iets', 'ietwat', 'licht', 'soms', 'bijna'];

const modifiers = (strong: string[], mild: string[], damp: string[]) =>
  new Map<string, number>([...strong.map((w) => [w, 1.5] as const), ...mild.map((w) => [w, 1.15] as const), ...damp.map((w) => [w, 0.6] as const)]);

export const INTENSIFIERS = { en: modifiers(STRONG_EN, MILD_EN, DAMP_EN), nl: modifiers(STRONG_NL, MILD_NL, DAMP_NL) };

/** Articles between an exclamative and its word: "wat een", "what a", "such a". */
export const ARTICLES = new Set(['een', 'a', 'an']);

/** "too X" / "te X": excess makes a neutral or good word a complaint (te lang, too salty). */
export const EXCESS = new Set(['too', 'te', 'overly']);

/** Words after which the clause that follows counts more ("goed, maar traag"). */
export const CONTRAST = new Set(['but', 'however', 'though', 'although', 'yet', 'except', 'maar', 'echter', 'alleen', 'behalve', 'helaas']);

/** Verbs that only carry sentiment when negated: "werkt niet", "lukt niet", "doesn't work", "won't load". */
export const FAILURE_VERBS = new Set([
  'work', 'works', 'working', 'worked', 'load', 'loads', 'loading', 'open', 'opens', 'respond', 'responds', 'responding',
  'connect', 'connects', 'connecting', 'arrive', 'arrived', 'function', 'functioning', 'start', 'starts', 'log', 'login',
  'charge', 'charging', 'sync', 'syncing', 'update', 'updating', 'show', 'showing', 'reply', 'replied', 'answer', 'answered', 'answering', 'answers', 'replying',
  'werkt', 'werken', 'werkte', 'lukt', 'lukken', 'lukte', 'klopt', 'kloppen', 'klopte', 'doet', 'doen', 'deed', 'reageert',
  'reageren', 'reageerde', 'laadt', 'laden', 'opent', 'openen', 'functioneert', 'functioneren', 'start', 'komt', 'kwam',
  'inloggen', 'aankomen', 'aangekomen', 'ontvangen', 'binnen', 'opgelost', 'geholpen', 'gereageerd', 'teruggebeld', 'beantwoord',
]);

/** Things a customer should have: "geen stroom", "no power", "no reply" is a complaint. */
export const NEEDED = new Set([
  'stroom', 'gas', 'internet', 'verbinding', 'bereik', 'reactie', 'antwoord', 'update', 'updates', 'verwarming', 'water',
  'warmwater', 'signaal', 'info', 'informatie', 'excuses', 'oplossing', 'terugbetaling', 'bericht',
  'power', 'electricity', 'heating', 'signal', 'connection', 'reply', 'response', 'answer', 'communication', 'refund',
  'solution', 'service', 'help', 'apology', 'news', 'idea', 'clue',
]);
