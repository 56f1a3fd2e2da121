import type { Brand } from '../config/brand.ts';
import { incidentPermalink } from '../incident.ts';
import { isClosed } from '../incidents/model.ts';
import { componentNames, localName } from './component-names.ts';
import type { IncidentView, Snapshot } from './snapshot.ts';

/**
 * Atlassian Statuspage's public API v2 shapes (summary, incidents, unresolved, components,
 * scheduled maintenances), field for field, so existing aggregators and widgets read a wecare
 * page unchanged. Messages are in one language (`lang`); Statuspage has one body per update.
 */
export interface PageContext {
  brand: Brand;
  publicUrl: string;
  lang: string;
}

const pageUrl = (ctx: PageContext) => `${ctx.publicUrl.replace(/\/$/, '')}/status/${ctx.brand.id}`;

export function page(ctx: PageContext, s: Snapshot) {
  const updatedAt = s.incidents.reduce((max, i) => (i.updatedAt > max ? i.updatedAt : max), '1970-01-01T00:00:00.000Z');
  return { id: ctx.brand.id, name: ctx.brand.name, url: pageUrl(ctx), time_zone: ctx.brand.timezone, updated_at: updatedAt };
}

export function components(ctx: PageContext, s: Snapshot) {
  return ctx.brand.components.map((c, i) => ({
    id: c.id,
    name: localName(c, ctx.lang),
    status: s.components[c.id] ?? 'operational',
    created_at: '1970-01-01T00:00:00.000Z',
    updated_at: lastTouched(s, c.id),
    position: i + 1,
    description: null,
    showcase: true,
    start_date: null,
    group_id: c.group ?? null,
    page_id: ctx.brand.id,
    group: false,
    only_show_if_degraded: false,
  }));
}

const lastTouched = (s: Snapshot, component: string) =>
  s.incidents.find((i) => component in i.components)?.updatedAt ?? '1970-01-01T00:00:00.000Z';

const INDICATOR_TEXT = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major Service Outage',
  maintenance: 'Service Under Maintenance',
} as const;

/** Statuspage's page indicator: the worst impact of an open incident, else maintenance in progress. */
export function status(s: Snapshot): { indicator: keyof typeof INDICATOR_TEXT; description: string } {
  const open = s.incidents.filter((i) => i.kind === 'incident' && !isClosed(i.status));
  // An incident of impact `maintenance` ranks as none here: only components under maintenance show it.
  const order: string[] = ['none', 'minor', 'major', 'critical'];
  let indicator: keyof typeof INDICATOR_TEXT = 'none';
  for (const i of open) if (order.indexOf(i.impact) > order.indexOf(indicator)) indicator = i.impact;
  if (indicator === 'none' && Object.values(s.components).includes('under_maintenance')) indicator = 'maintenance';
  return { indicator, description: INDICATOR_TEXT[indicator] };
}

export function incident(ctx: PageContext, i: IncidentView) {
  const body = (m: Record<string, string>) => m[ctx.lang] ?? m.en ?? Object.values(m)[0] ?? '';
  const names = componentNames(ctx.brand, ctx.lang);
  return {
    id: i.id,
    name: i.name,
    status: i.status,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    monitoring_at: i.monitoringAt ?? null,
    resolved_at: i.resolvedAt ?? null,
    impact: i.kind === 'maintenance' ? 'maintenance' : i.impact,
    shortlink: incidentPermalink(ctx.publicUrl, ctx.brand.id, i.id),
    started_at: i.createdAt,
    page_id: ctx.brand.id,
    ...(i.kind === 'maintenance' ? { scheduled_for: i.scheduledFor ?? null, scheduled_until: i.scheduledUntil ?? null } : {}),
    incident_updates: i.updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: body(u.message),
      incident_id: i.id,
      created_at: u.at,
      updated_at: u.at,
      display_at: u.at,
      affected_components: Object.entries(u.components).map(([code, now]) => ({
        code,
        name: names.get(code) ?? code,
        old_status: u.previous[code] ?? 'operational',
        new_status: now,
      })),
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: components(ctx, { ...emptySnapshot, components: {} }).filter((c) => c.id in i.components).map((c) => ({ ...c, status: i.components[c.id]! })),
  };
}

const emptySnapshot: Snapshot = { brand: '', at: '', incidents: [], components: {} };

const incidentsOnly = (s: Snapshot) => s.incidents.filter((i) => i.kind === 'incident');
const maintenances = (s: Snapshot) => s.incidents.filter((i) => i.kind === 'maintenance');

export const summaryJson = (ctx: PageContext, s: Snapshot) => ({
  page: page(ctx, s),
  components: components(ctx, s),
  incidents: incidentsOnly(s).filter((i) => !isClosed(i.status)).map((i) => incident(ctx, i)),
  scheduled_maintenances: maintenances(s).filter((i) => !isClosed(i.status)).map((i) => incident(ctx, i)),
  status: status(s),
});

/** Statuspage returns the 50 most recent incidents, unresolved ones included. */
export const incidentsJson = (ctx: PageContext, s: Snapshot) => ({ page: page(ctx, s), incidents: incidentsOnly(s).slice(0, 50).map((i) => incident(ctx, i)) });
export const unresolvedJson = (ctx: PageContext, s: Snapshot) => ({
  page: page(ctx, s),
  incidents: incidentsOnly(s).filter((i) => !isClosed(i.status)).map((i) => incident(ctx, i)),
});
export const componentsJson = (ctx: PageContext, s: Snapshot) => ({ page: page(ctx, s), components: components(ctx, s) });
export const statusJson = (ctx: PageContext, s: Snapshot) => ({ page: page(ctx, s), status: status(s) });
export const maintenancesJson = (ctx: PageContext, s: Snapshot, which: 'all' | 'upcoming' | 'active') => ({
  page: page(ctx, s),
  scheduled_maintenances: maintenances(s)
    .filter((i) => which === 'all' || (which === 'upcoming' ? i.status === 'scheduled' : i.status === 'in_progress' || i.status === 'verifying'))
    .map((i) => incident(ctx, i)),
});
