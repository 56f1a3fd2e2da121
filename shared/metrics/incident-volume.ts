import type { Incident } from '../incidents/model.ts';
import type { Mention } from '../mention.ts';
import { DEFLECTION_WINDOW_MS, type IncidentImpact, incidentImpact } from './incidents.ts';

/** The complaints chart's buckets: ten minutes, from the hour before the first broadcast to the hour after. */
export const VOLUME_BUCKET_MS = 10 * 60_000;

export interface VolumeBucket {
  from: string;
  to: string;
  /** Customer mentions written in [from, to). */
  count: number;
  /** Before the first broadcast or after it. */
  side: 'before' | 'after';
}

export interface IncidentVolume {
  /** The incident's first broadcast (it is broadcast the moment it is opened). */
  firstBroadcast: string;
  bucketMinutes: number;
  buckets: VolumeBucket[];
  /** The figures `GET /api/metrics` reports for the incident: before, after, after/before. */
  impact: IncidentImpact;
}

/**
 * Customer mentions over time around an incident's first broadcast, for the incident page's chart:
 * the hour before in full, the hour after until `now`. The before/after volumes and their ratio
 * are `incidentImpact`'s own, so the chart and `/api/metrics` never disagree.
 */
export function incidentVolume(incident: Incident, mentions: Mention[], now: Date): IncidentVolume {
  const first = Date.parse(incident.createdAt);
  const customers = mentions.filter((m) => !m.fromBrand).map((m) => Date.parse(m.createdAt));
  const after = Math.min(DEFLECTION_WINDOW_MS, Math.max(0, now.getTime() - first));
  const count = DEFLECTION_WINDOW_MS / VOLUME_BUCKET_MS + Math.max(1, Math.ceil(after / VOLUME_BUCKET_MS));
  const buckets = Array.from({ length: count }, (_, n): VolumeBucket => {
    const from = first - DEFLECTION_WINDOW_MS + n * VOLUME_BUCKET_MS;
    const to = from + VOLUME_BUCKET_MS;
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), count: customers.filter((t) => t >= from && t < to).length, side: from < first ? 'before' : 'after' };
  });
  const [impact] = incidentImpact([{ ...incident, kind: 'incident' }], mentions);
  return { firstBroadcast: incident.createdAt, bucketMinutes: VOLUME_BUCKET_MS / 60_000, buckets, impact: impact! };
}

/** The span of mentions the chart needs, for the read. */
export const volumeWindow = (incident: Pick<Incident, 'createdAt'>) => {
  const first = Date.parse(incident.createdAt);
  return { from: new Date(first - DEFLECTION_WINDOW_MS).toISOString(), to: new Date(first + DEFLECTION_WINDOW_MS).toISOString() };
};
