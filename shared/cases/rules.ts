import type { InboxRule } from '../config/brand.ts';
import type { Mention } from '../mention.ts';
import { wordsRegex } from '../words.ts';

/**
 * The brand's inbox rules (config `cases.rules`), matched against a triaged customer message.
 * Every condition a rule gives must hold; keywords match as whole words, any case. Pure.
 */
const regexes = new WeakMap<InboxRule, RegExp | null>();

function keywordsMatch(rule: InboxRule, lower: string): boolean {
  if (!rule.keywords?.length) return true;
  let re = regexes.get(rule);
  if (re === undefined) {
    re = wordsRegex(rule.keywords);
    regexes.set(rule, re);
  }
  return re !== null && re.test(lower);
}

export function ruleMatches(rule: InboxRule, m: Pick<Mention, 'platform' | 'intent' | 'sentiment' | 'lang' | 'text'>): boolean {
  if (rule.platforms && !rule.platforms.includes(m.platform)) return false;
  if (rule.intents && (!m.intent || !rule.intents.includes(m.intent))) return false;
  if (rule.sentiments && (!m.sentiment || !rule.sentiments.includes(m.sentiment.label))) return false;
  if (rule.languages && (!m.lang || !rule.languages.includes(m.lang))) return false;
  return keywordsMatch(rule, m.text.toLowerCase());
}

/** What the matching rules do, in config order; a later rule's team or priority wins, tags add up. */
export interface RuleOutcome {
  fired: InboxRule[];
  tags: string[];
  team?: string;
  priority?: number;
  state?: 'dismissed' | 'spam';
}

export function applyRules(rules: readonly InboxRule[], m: Parameters<typeof ruleMatches>[1]): RuleOutcome {
  const out: RuleOutcome = { fired: [], tags: [] };
  for (const rule of rules) {
    if (!ruleMatches(rule, m)) continue;
    out.fired.push(rule);
    if (rule.tag && !out.tags.includes(rule.tag)) out.tags.push(rule.tag);
    if (rule.team) out.team = rule.team;
    if (rule.priority !== undefined) out.priority = rule.priority;
    // Spam outranks dismissed: a message both rules catch is not one to answer, ever.
    if (rule.state && out.state !== 'spam') out.state = rule.state;
  }
  return out;
}
