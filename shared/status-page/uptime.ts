import { DateTime } from 'luxon';
import type { Brand } from '../config/brand.ts';
import { type ComponentStatus, isClosed, worstStatus } from '../incidents/model.ts';
import type { IncidentView } from './snapshot.ts';

/**
 * How much of a moment in each state counts as down, Statuspage-like: a major outage is down, a
 * partial outage counts 30 %, degraded performance and maintenance count as up (they still colour
 * the day's bar). A day's uptime is 1 − the weighted down time / the day's elapsed time; the period's
 * percentage is the mean of its days, so one day of major outage in 90 is 89/90 = 98.89 % whatever
 * the hour and whatever a DST day's length.
 */
export const DOWNTIME_WEIGHT: Record<ComponentStatus, number> = {
  operational: 0,
  degraded_performance: 0,
  under_maintenance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

export const UPTIME_DAYS = 90;

export interface UptimeDay {
  /** The local date (brand's time zone), YYYY-MM-DD. */
  date: string;
  /** The worst state the component was in that day. */
  worst: ComponentStatus;
  /** 0..1 of the day's elapsed time. */
  uptime: number;
}

export interface ComponentUptime {
  component: string;
  days: UptimeDay[];
  /** Mean of the days, in percent, two decimals. */
  percent: number;
}

interface Interval {
  from: number;
  to: number;
  state: ComponentStatus;
}

/**
 * Where a component stood, from the history the incident updates record: each update's
 * `components` holds from its time until the next update, and until now while the incident is open.
 * A maintenance counts only while in progress (scheduled is an announcement, not a state).
 */
export function componentHistory(incidents: IncidentView[], component: string, now: number): Interval[] {
  const out: Interval[] = [];
  for (const incident of incidents) {
    const updates = [...incident.updates].sort((a, b) => a.at.localeCompare(b.at));
    updates.forEach((u, i) => {
      const state = u.components[component];
      const counts = incident.kind === 'incident' || u.status === 'in_progress' || u.status === 'verifying';
      if (!state || state === 'operational' || isClosed(u.status) || !counts) return;
      const next = updates[i + 1];
      out.push({ from: Date.parse(u.at), to: next ? Date.parse(next.at) : now, state });
    });
  }
  return out;
}

/** The 90 local days up to today, each with its worst state and uptime, and the period's percentage. */
export function componentUptime(brand: Pick<Brand, 'timezone'>, incidents: IncidentView[], component: string, now: Date): ComponentUptime {
  const history = componentHistory(incidents, component, now.getTime());
  const today = DateTime.fromJSDate(now, { zone: brand.timezone }).startOf('day');
  const days: UptimeDay[] = [];
  for (let back = UPTIME_DAYS - 1; back >= 0; back--) {
    const start = today.minus({ days: back });
    const from = start.toMillis();
    const to = Math.min(start.plus({ days: 1 }).toMillis(), now.getTime());
    days.push({ date: start.toISODate()!, ...dayOf(history, from, to) });
  }
  const mean = days.reduce((sum, d) => sum + d.uptime, 0) / days.length;
  return { component, days, percent: Math.round(mean * 10_000) / 100 };
}

/** One day: cut at every interval edge, each piece takes the worst state covering it. */
function dayOf(history: Interval[], from: number, to: number): Omit<UptimeDay, 'date'> {
  const inside = history.filter((h) => h.from < to && h.to > from);
  if (!inside.length || to <= from) return { worst: 'operational', uptime: 1 };
  const edges = [...new Set([from, to, ...inside.flatMap((h) => [h.from, h.to]).filter((t) => t > from && t < to)])].sort((a, b) => a - b);
  let down = 0;
  for (let i = 0; i < edges.length - 1; i++) {
    const [a, b] = [edges[i]!, edges[i + 1]!];
    const covering = inside.filter((h) => h.from < b && h.to > a).map((h) => h.state);
    if (covering.length) down += DOWNTIME_WEIGHT[worstStatus(covering)] * (b - a);
  }
  return { worst: worstStatus(inside.map((h) => h.state)), uptime: 1 - down / (to - from) };
}

/** Every component of the brand, in config order. */
export function brandUptime(brand: Pick<Brand, 'timezone' | 'components'>, incidents: IncidentView[], now: Date): ComponentUptime[] {
  return brand.components.map((c) => componentUptime(brand, incidents, c.id, now));
}
