import { incidentPermalink } from '../incident.ts';
import { isClosed } from '../incidents/model.ts';
import { localName } from './component-names.ts';
import { PAGE_TEXT, type PageLang } from './i18n.ts';
import type { Snapshot } from './snapshot.ts';
import { type PageContext, status } from './statuspage-json.ts';
import { brandUptime } from './uptime.ts';

/**
 * GET /status/:brand/embed.json: the few fields another site needs for a status widget (overall
 * state in the page's language, each component with its 90-day uptime, the open incidents and
 * maintenances with their pages), a few hundred bytes instead of summary.json's full timelines.
 * Served like every public read: cached per snapshot, ETag, CORS `*`.
 */
export function embedJson(ctx: PageContext, s: Snapshot) {
  const lang = (ctx.lang in PAGE_TEXT ? ctx.lang : 'en') as PageLang;
  const overall = status(s).indicator;
  const uptime = new Map(brandUptime(ctx.brand, s.incidents, new Date(s.at)).map((u) => [u.component, u.percent]));
  const page = `${ctx.publicUrl.replace(/\/$/, '')}/status/${encodeURIComponent(ctx.brand.id)}`;
  return {
    brand: ctx.brand.id,
    name: ctx.brand.name,
    url: page,
    lang,
    updatedAt: s.at,
    status: { indicator: overall, description: overall === 'none' ? PAGE_TEXT[lang].operational : PAGE_TEXT[lang][overall] },
    components: ctx.brand.components.map((c) => ({ id: c.id, name: localName(c, lang), group: c.group ?? null, status: s.components[c.id] ?? 'operational', uptime90: uptime.get(c.id) ?? 100 })),
    incidents: s.incidents
      .filter((i) => !isClosed(i.status))
      .map((i) => ({ id: i.id, name: i.name, kind: i.kind, status: i.status, impact: i.kind === 'maintenance' ? 'maintenance' : i.impact, url: incidentPermalink(ctx.publicUrl, ctx.brand.id, i.id), scheduledFor: i.scheduledFor ?? null })),
  };
}
