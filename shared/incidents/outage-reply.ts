import type { MentionTriaged, StatusUpdateEvent } from '../bus/events.ts';
import { pauseForIncident, resumeAfterIncident } from '../cases/incident-clock.ts';
import type { Brands } from '../config/load.ts';
import { triagedMention } from '../flows/deps.ts';
import type { ReplyIntent } from '../flows/outbox.ts';
import type { Mention } from '../mention.ts';
import { pool } from '../pool.ts';
import type { Store } from '../store/client.ts';
import { activeIncidentsCache } from './active.ts';
import { onComplaint } from './drafts.ts';
import type { Incident } from './model.ts';
import { affectedMentions, matchIncident, outageReplyIntent, recordAffected, resolvedNoticeIntent, resumeSla, tagMention } from './outage.ts';

/** What the outage auto-reply needs, built once at cold start (functions/outage-reply) or by a test. */
export interface OutageContext {
  store: Store;
  brands: Brands;
  /** The status page's origin, for the link in every reply: customers open it. */
  publicUrl: string;
  now: () => Date;
  /** The flows' outbox (shared/flows/reply-now.ts replySender): once per intent subject, ever. */
  sendReply: (intent: ReplyIntent) => Promise<void>;
  /** How long the active incidents of a brand are reused: a spike of complaints reads them once. */
  cacheMs?: number;
}

/**
 * The outage auto-reply, fed by two queues (shared/bus/queues.ts): triaged complaints get one
 * reply per author per incident linking the status page (or, with no incident open, count towards
 * a draft incident: drafts.ts); a resolved incident notifies each affected author once. One instance per context: it holds the active-incidents cache.
 */
export function outageReplies(ctx: OutageContext) {
  const active = activeIncidentsCache(ctx.store, ctx.cacheMs);
  return async (event: MentionTriaged | StatusUpdateEvent): Promise<void> => {
    if (event.type === 'status.update') return onResolved(ctx, event);
    // The event names the mention; its words and author are read from the store (none when erased).
    const mention = await triagedMention(ctx.store, event.mentionId);
    if (mention) await onMention(ctx, mention, await active(mention.brand));
  };
}

async function onMention(ctx: OutageContext, mention: Mention, active: Incident[]) {
  const brand = ctx.brands.byId(mention.brand);
  if (!brand) return;
  const incident = matchIncident(brand, mention, active);
  // Nothing open explains it: counted towards a draft incident when complaints about one component spike.
  if (!incident) return void (await onComplaint(ctx, brand, mention, active));
  const now = ctx.now();
  await tagMention(ctx.store, mention, incident.id, now);
  if (mention.caseId) await pauseForIncident(ctx.store, mention.caseId, incident.id, now);
  await recordAffected(ctx.store, incident.id, mention, now);
  const intent = outageReplyIntent(brand, mention, incident, ctx.publicUrl, now);
  if (intent) await ctx.sendReply(intent);
}

async function onResolved(ctx: OutageContext, event: StatusUpdateEvent) {
  if (event.update.kind !== 'resolved' || event.incident.kind !== 'incident') return;
  const brand = ctx.brands.byId(event.incident.brand);
  if (!brand) return;
  const mentions = await affectedMentions(ctx.store, event.incident.id);
  await pool(mentions, 10, async (m) => {
    await resumeSla(ctx.store, m, event.update.at ?? ctx.now().toISOString());
    if (m.caseId) await resumeAfterIncident(ctx.store, brand, m.caseId, event.incident.id, new Date(event.update.at ?? ctx.now().toISOString()));
    const intent = resolvedNoticeIntent(brand, m, event.incident, ctx.publicUrl, ctx.now());
    if (intent) await ctx.sendReply(intent);
  });
}
