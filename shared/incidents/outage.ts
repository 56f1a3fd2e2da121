import type { Brand } from '../config/brand.ts';
import { fillName, pickTemplate, replyRoute } from '../flows/channel.ts';
import type { ReplyIntent } from '../flows/outbox.ts';
import { incidentPermalink } from '../incident.ts';
import type { Mention } from '../mention.ts';
import type { Store } from '../store/client.ts';
import { resumeSlaClock, tagIncident } from '../store/incident-mentions.ts';
import { getMention } from '../store/mentions.ts';
import { type Incident, isClosed } from './model.ts';

/** Words people use when something is down, nl and en; a brand adds its own in outageKeywords. */
const OUTAGE_WORDS = ['storing', 'storingen', 'werkt niet', 'doet het niet', 'ligt eruit', 'plat', 'kapot', 'kan niet', 'lukt niet', 'foutmelding', 'offline', 'down', 'outage', 'not working', "doesn't work", 'does not work', 'broken', 'error', "can't", 'cannot', 'unable'];

/** Whether `text` holds `word` as a whole word (any script), case-insensitive. */
export const has = (text: string, word: string) => new RegExp(`(^|[^\\p{L}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'iu').test(text);

/**
 * The active incident a mention is about, if any. The triage tag wins; otherwise a mention
 * matches when it names an incident's component (id or name) or a brand outage keyword and
 * either uses an outage word or is a complaint. With one incident open, an outage word alone is
 * enough: during an outage, "werkt niet" is about the outage far more often than not.
 */
export function matchIncident(brand: Brand, mention: Mention, active: Incident[], signals: { spike?: boolean } = {}): Incident | undefined {
  const open = active.filter((i) => i.kind === 'incident' && !isClosed(i.status) && i.brand === brand.id);
  if (mention.incidentId) return open.find((i) => i.id === mention.incidentId);
  if (!open.length || mention.fromBrand) return undefined;
  const text = mention.text;
  const outageWord = OUTAGE_WORDS.some((w) => has(text, w));
  const keyword = brand.outageKeywords.some((k) => has(text, k));
  const complaint = mention.intent === 'complaint' || mention.sentiment?.label === 'negative';
  const scored = open
    .map((i) => {
      const components = Object.keys(i.components).filter((id) => has(text, id) || has(text, brand.components.find((c) => c.id === id)?.name ?? id));
      return { i, score: components.length * 2 + (keyword ? 1 : 0) };
    })
    .sort((a, b) => b.score - a.score);
  const best = scored[0]!;
  if (best.score > 0 && (outageWord || complaint)) return best.i;
  if (open.length === 1 && outageWord) return best.i;
  // A spike of complaints while something is down is about what is down, named or not.
  return signals.spike && complaint ? best.i : undefined;
}

/** The automatic answer: once per author per incident (the outbox dedupes on `subject`). */
export function outageReplyIntent(brand: Brand, mention: Mention, incident: Incident, publicUrl: string, now: Date): ReplyIntent | undefined {
  const { text } = pickTemplate(brand.outageReply, mention.lang, brand.languages);
  const url = incidentPermalink(publicUrl, brand.id, incident.id);
  const route = replyRoute(mention, fillName(text, mention).replaceAll('{url}', url), now);
  if (!route.ok) return undefined;
  return { flow: 'outage-reply', subject: `${incident.id}:${mention.platform}:${mention.author.id}`, brand: brand.id, mentionId: mention.id, message: route.message };
}

const RESOLVED: Record<string, string> = {
  en: 'Good news{name}: the disruption is resolved. Thanks for your patience! {url}',
  nl: 'Goed nieuws{name}: de storing is opgelost. Bedankt voor je geduld! {url}',
};

/** The one notice an affected author gets when the incident is resolved. */
export function resolvedNoticeIntent(brand: Brand, mention: Mention, incident: Incident, publicUrl: string, now: Date): ReplyIntent | undefined {
  const { text } = pickTemplate(RESOLVED, mention.lang, brand.languages);
  const url = incidentPermalink(publicUrl, brand.id, incident.id);
  const route = replyRoute(mention, fillName(text, mention).replaceAll('{url}', url), now);
  if (!route.ok) return undefined;
  return { flow: 'outage-resolved', subject: `${incident.id}:${mention.platform}:${mention.author.id}`, brand: brand.id, mentionId: mention.id, message: route.message };
}

/** The resolve notice's list: who an incident hit (stored under the incident, first mention kept). */
export { affectedMentions, recordAffected } from '../store/incident-mentions.ts';

/**
 * Tags the stored mention with its incident and notes when its SLA clock paused; the first tag
 * wins (a redelivery changes nothing).
 */
export function tagMention(store: Store, mention: Mention, incidentId: string, now: Date): Promise<void> {
  return tagIncident(store, mention.id, incidentId, now);
}

/**
 * The SLA clock stands still while the incident is active: the due time moves by the paused
 * span (from the tag, or from receipt if later, until resolve or now).
 */
export function slaDueWithPause(slaDueAt: string, pausedAt: string, resolvedAt: string | undefined, now: Date): string {
  const end = resolvedAt ? Date.parse(resolvedAt) : now.getTime();
  const paused = Math.max(0, end - Date.parse(pausedAt));
  return new Date(Date.parse(slaDueAt) + paused).toISOString();
}

/**
 * The incident is over: the SLA clock of a mention it paused runs again, its due time moved by
 * the time it stood still (also in the SLA queue index). Once per mention: the pause mark goes.
 */
export async function resumeSla(store: Store, mention: Mention, resolvedAt: string): Promise<void> {
  const current = await getMention(store, mention.id);
  if (!current?.slaPausedAt || !current.slaDueAt) return;
  const due = slaDueWithPause(current.slaDueAt, current.slaPausedAt, resolvedAt, new Date(resolvedAt));
  await resumeSlaClock(store, mention.id, current.slaPausedAt, due);
}
