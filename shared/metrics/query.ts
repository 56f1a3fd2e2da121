import { type WebcareEffect, webcareEffect } from '../flows/effect.ts';
import { mentionsBetween } from '../store/brand-mentions.ts';
import type { Store } from '../store/client.ts';
import { listIncidents } from '../store/incidents.ts';
import { handleEvents, reportCases } from './case-reads.ts';
import { type CaseMetrics, computeCaseMetrics } from './cases.ts';
import { computeMetrics, type WebcareMetrics } from './compute.ts';
import { DEFLECTION_WINDOW_MS, type IncidentImpact, incidentImpact } from './incidents.ts';
import { type VolumeSeries, volumeSeries } from './series.ts';

/** A metrics request reads at most this many items per index; past it the figures say so (`truncated`). */
export const MAX_ITEMS = 20_000;

export interface BrandReport extends WebcareMetrics {
  truncated: boolean;
  /** The customer mentions of `volume` over time, hourly or daily on the brand's clock (series.ts). */
  series: VolumeSeries;
  incidents: IncidentImpact[];
  effect: WebcareEffect;
  /** The figures on cases (cases.ts); `truncated` when the cases or their events were cut at the read bound. */
  cases: CaseMetrics & { truncated: boolean };
}

/** Everything `GET /api/metrics` shows: triage figures, incident deflection, the effect of webcare. `timeZone`: the brand's, for the series' buckets. */
export async function brandMetrics(store: Store, q: { brand: string; from: string; to: string }, now: Date, timeZone = 'UTC'): Promise<BrandReport> {
  // Read an hour more than asked, so an incident early in the range has its "before" volume.
  const widened = new Date(Date.parse(q.from) - DEFLECTION_WINDOW_MS).toISOString();
  const [wide, incidents, effect, onCases] = await Promise.all([
    mentionsBetween(store, q.brand, widened, q.to, MAX_ITEMS),
    listIncidents(store, q.brand, new Date(q.from)),
    webcareEffect(store, q.brand, q.from, q.to),
    caseFigures(store, q, now),
  ]);
  const range = wide.items.filter((m) => m.createdAt >= q.from);
  const stillOpen = range.filter((m) => m.status === 'open');
  const inRange = incidents.filter((i) => i.createdAt <= q.to);
  return {
    ...computeMetrics(q, range, stillOpen, now),
    truncated: wide.truncated,
    series: volumeSeries(q, range, timeZone),
    incidents: incidentImpact(inRange, wide.items),
    effect,
    cases: onCases,
  };
}

async function caseFigures(store: Store, q: { brand: string; from: string; to: string }, now: Date): Promise<BrandReport['cases']> {
  const { cases, truncated } = await reportCases(store, q.brand, q.from);
  const handled = await handleEvents(store, cases, q);
  return { ...computeCaseMetrics(q, cases, handled.events, now), truncated: truncated || handled.truncated };
}
