import type { Signals } from './signals.ts';

/**
 * Sarcasm is what sends a cheerful thank-you to an angry customer, so it is checked before
 * any praise is believed. Strong markers are ironic on their own; weak ones ("top hoor",
 * "oh great", "love how") only with a negative context next to them (a failure, a negative
 * word, an outage, or "again"/"weer").
 */
const STRONG =
  /\b(?:thanks? (?:you )?for nothing|thanks for nuttin|bedankt voor (?:niets|niks)|dank(?:je|jewel|u)? (?:wel )?voor (?:niets|niks)|yeah,? right|ja,? ja\b|lekker dan\b|nou,? lekker|dank je de koekoek|not!|\.\.\.? ?not\b|what a surprise|wat een verrassing)|(?:^|\s)\/s\b/;
const WEAK =
  /\b(?:(?:top|super|fijn|geweldig|prima|mooi|leuk|lekker|heerlijk|perfect|goed|knap|netjes|fantastisch) (?:hoor|zo|he|hè)\b|^ja hoor|goed bezig|(?:oh|wow|just|how|so|really|nou) (?:great|brilliant|lovely|wonderful|perfect|fantastic|nice|awesome|geweldig|fantastisch|mooi|fijn|top)\b|^(?:great|brilliant|perfect|lovely|fantastic|wonderful|awesome|nice|wow|geweldig|fantastisch|perfect|mooi|fijn|top|super|prima)\b[,!. ]|love (?:how|it when|that you)\b|thanks a lot\b|thanks so much for\b|bedankt h[eèé]\b|wat een (?:service|klantvriendelijkheid|klantenservice)\b|(?:great|nice|good|excellent) (?:service|job|work)\b[.!]? ?$)/;
const REPEAT = /\b(?:weer|alweer|again|another|nog steeds|still|opnieuw|zoveelste|derde|vierde|third|fourth|elke keer|every time|as usual|zoals gewoonlijk|zoals altijd)\b/;

export function isSarcastic(lower: string, s: Signals, outage: boolean): boolean {
  if (STRONG.test(lower)) return true;
  // An eye-roll or #not next to praise: the praise is the joke.
  if (s.irony > 0 && s.pos > 0) return true;
  if (!WEAK.test(lower)) return false;
  return s.failure || outage || s.neg >= 2 || REPEAT.test(lower);
}
