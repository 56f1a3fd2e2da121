import type { Brand, RoutingRule } from '../config/brand.ts';
import type { Intent } from '../mention.ts';
import { wordsRegex } from '../words.ts';

export interface RoutingInput {
  lower: string;
  platform: string;
  lang: string;
  intent: Intent;
}

const compiled = new WeakMap<RoutingRule, RegExp | null>();

function keywordRegex(rule: RoutingRule): RegExp | null {
  let re = compiled.get(rule);
  if (re === undefined) {
    re = wordsRegex(rule.keywords ?? []);
    compiled.set(rule, re);
  }
  return re;
}

/** A rule matches when every condition it gives matches; a rule without conditions matches all. */
export function ruleMatches(rule: RoutingRule, m: RoutingInput): boolean {
  if (rule.platforms?.length && !rule.platforms.includes(m.platform)) return false;
  if (rule.languages?.length && !rule.languages.includes(m.lang)) return false;
  if (rule.intents?.length && !rule.intents.includes(m.intent)) return false;
  if (rule.keywords?.length && !keywordRegex(rule)?.test(m.lower)) return false;
  return true;
}

/** The first matching rule's team, else the brand's default team. */
export function routeTeam(brand: Brand, m: RoutingInput): string {
  for (const rule of brand.routing) if (ruleMatches(rule, m)) return rule.team;
  return brand.defaultTeam;
}
