import type { Brand } from '../config/brand.ts';
import type { Intent, Mention, Sentiment } from '../mention.ts';
import { analyze } from './analyze.ts';
import { detectIntent } from './intent.ts';
import type { Lang } from './language.ts';
import { mentionsBrandOutage, priorityOf } from './priority.ts';
import { routeTeam } from './routing.ts';
import { slaDueAt } from './sla.ts';

export type ClassifyInput = Pick<Mention, 'text' | 'platform' | 'kind' | 'author' | 'createdAt'> &
  Partial<Pick<Mention, 'lang' | 'rating' | 'receivedAt'>>;

export interface TriageContext {
  now: Date;
  /** Earlier contacts of the same person (cases.ts). */
  repeatContacts?: number;
  /** The mention replies in a thread the brand started or answered in. */
  inBrandThread?: boolean;
}

/** Everything triage decides about one mention; written back as one update. */
export interface Triage {
  lang: Lang;
  sentiment: Sentiment;
  sarcasm: boolean;
  intent: Intent;
  /** 0–100, higher = more urgent (priority.ts). */
  priority: number;
  outage: boolean;
  team: string;
  slaDueAt: string;
  triagedAt: string;
}

/** The triage of one mention for one brand: pure, the clock comes in through `ctx.now`. */
export function classify(m: ClassifyInput, brand: Brand, ctx: TriageContext): Triage {
  const rating = m.kind === 'review' ? m.rating : undefined;
  const a = analyze(m.text, { lang: m.lang, rating });
  const intent = detectIntent(a, { inBrandThread: ctx.inBrandThread, rating });
  const outage = a.outage || mentionsBrandOutage(brand, a.lower, a.sentiment);
  const priority = priorityOf({
    intent,
    sentiment: a.sentiment,
    followers: m.author.followers,
    outage,
    repeatContacts: ctx.repeatContacts ?? 0,
    sarcasm: a.sarcasm,
  });
  const team = routeTeam(brand, { lower: a.lower, platform: m.platform, lang: a.lang, intent });
  return {
    lang: a.lang,
    sentiment: a.sentiment,
    sarcasm: a.sarcasm,
    intent,
    priority,
    outage,
    team,
    slaDueAt: slaDueAt(brand, m.platform, slaStart(m, ctx.now)).toISOString(),
    triagedAt: ctx.now.toISOString(),
  };
}

/** The SLA clock starts when wecare received the mention: a review fetched a day late is not born overdue. */
function slaStart(m: ClassifyInput, now: Date): Date {
  const at = Date.parse(m.receivedAt ?? m.createdAt);
  return Number.isNaN(at) ? now : new Date(at);
}
