import type { Incident } from '../incidents/model.ts';
import type { Mention } from '../mention.ts';
import { DEFLECTION_BUCKET_MS, DEFLECTION_WINDOW_MS, type IncidentImpact, incidentImpact } from './incidents.ts';

export interface VolumeBucket {
  from: string;
  to: string;
  /** Customer mentions written in [from, to). */
  count: number;
  /** Of those, complaints (intent complaint or negative sentiment: incidents.ts isComplaint). */
  complaints: number;
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
 * The incident page's chart: `incidentImpact`'s own ten-minute series around the first broadcast
 * (so the chart and `/api/metrics` never disagree), the hour before in full, the hour after until
 * `now` (at least its first bucket).
 */
export function incidentVolume(incident: Incident, mentions: Mention[], now: Date): IncidentVolume {
  const first = Date.parse(incident.createdAt);
  const [impact] = incidentImpact([{ ...incident, kind: 'incident' }], mentions);
  const buckets = impact!.series
    .map((b): VolumeBucket => {
      const from = Date.parse(b.start);
      return { from: b.start, to: new Date(from + DEFLECTION_BUCKET_MS).toISOString(), count: b.mentions, complaints: b.complaints, side: from < first ? 'before' : 'after' };
    })
    .filter((b) => b.side === 'before' || b.from === incident.createdAt || Date.parse(b.from) < now.getTime());
  return { firstBroadcast: incident.createdAt, bucketMinutes: DEFLECTION_BUCKET_MS / 60_000, buckets, impact: impact! };
}

/** The span of mentions the chart needs, for the read. */
export const volumeWindow = (incident: Pick<Incident, 'createdAt'>) => {
  const first = Date.parse(incident.createdAt);
  return { from: new Date(first - DEFLECTION_WINDOW_MS).toISOString(), to: new Date(first + DEFLECTION_WINDOW_MS).toISOString() };
};
