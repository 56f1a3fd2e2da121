import { type WebcareEffect, webcareEffect } from '../flows/effect.ts';
import { mentionsBetween } from '../store/brand-mentions.ts';
import type { Store } from '../store/client.ts';
import { listIncidents } from '../store/incidents.ts';
import { computeMetrics, type WebcareMetrics } from './compute.ts';
import { DEFLECTION_WINDOW_MS, type IncidentImpact, incidentImpact } from './incidents.ts';

/** A metrics request reads at most this many items per index; past it the figures say so (`truncated`). */
export const MAX_ITEMS = 20_000;

export interface BrandReport extends WebcareMetrics {
  truncated: boolean;
  incidents: IncidentImpact[];
  effect: WebcareEffect;
}

/** Everything `GET /api/metrics` shows: triage figures, incident deflection, the effect of webcare. */
export async function brandMetrics(store: Store, q: { brand: string; from: string; to: string }, now: Date): Promise<BrandReport> {
  // Read an hour more than asked, so an incident early in the range has its "before" volume.
  const widened = new Date(Date.parse(q.from) - DEFLECTION_WINDOW_MS).toISOString();
  const [wide, incidents, effect] = await Promise.all([
    mentionsBetween(store, q.brand, widened, q.to, MAX_ITEMS),
    listIncidents(store, q.brand, new Date(q.from)),
    webcareEffect(store, q.brand, q.from, q.to),
  ]);
  const range = wide.items.filter((m) => m.createdAt >= q.from);
  const stillOpen = range.filter((m) => m.status === 'open');
  const inRange = incidents.filter((i) => i.createdAt <= q.to);
  return {
    ...computeMetrics(q, range, stillOpen, now),
    truncated: wide.truncated,
    incidents: incidentImpact(inRange, wide.items),
    effect,
  };
}
