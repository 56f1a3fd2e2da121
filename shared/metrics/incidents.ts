import type { Incident } from '../incidents/model.ts';
import type { Mention } from '../mention.ts';

/** How far before and after an incident's first broadcast the volume is compared. */
export const DEFLECTION_WINDOW_MS = 60 * 60_000;
/** The before/after window in buckets of this size, for a chart (12 of them). */
export const DEFLECTION_BUCKET_MS = 10 * 60_000;

/** A complaint: intent complaint, or negative sentiment. */
export const isComplaint = (m: Mention) => m.intent === 'complaint' || m.sentiment?.label === 'negative';

export interface IncidentImpact {
  id: string;
  name: string;
  createdAt: string;
  resolvedAt?: string;
  /** Customer mentions triage or the outage flow tagged with this incident. */
  mentions: number;
  /** Customer mentions in the hour before the first broadcast, and in the hour after. */
  volumeBefore: number;
  volumeAfter: number;
  /**
   * after / before: below 1 means the broadcast took the wind out of the complaints (deflection);
   * null when there was no volume before to compare with.
   */
  afterBeforeRatio: number | null;
  /** Customer complaints (isComplaint) in the hour before the first broadcast, and in the hour after. */
  complaintsBefore: number;
  complaintsAfter: number;
  /** The two hours around the first broadcast in 10-minute buckets: each bucket's start, customer mentions and complaints. */
  series: Array<{ start: string; mentions: number; complaints: number }>;
}

/**
 * Mentions per incident and the volume before and after its first broadcast. An incident's first
 * update is broadcast the moment it is opened, so `createdAt` is the first broadcast.
 */
export function incidentImpact(incidents: Incident[], mentions: Mention[]): IncidentImpact[] {
  const customers = mentions.filter((m) => !m.fromBrand);
  return incidents
    .filter((i) => i.kind === 'incident')
    .map((i) => {
      const first = Date.parse(i.createdAt);
      const inWindow = (from: number, to: number) => customers.filter((m) => Date.parse(m.createdAt) >= from && Date.parse(m.createdAt) < to);
      const before = inWindow(first - DEFLECTION_WINDOW_MS, first);
      const after = inWindow(first, first + DEFLECTION_WINDOW_MS);
      const volumeBefore = before.length;
      const volumeAfter = after.length;
      const series = Array.from({ length: (2 * DEFLECTION_WINDOW_MS) / DEFLECTION_BUCKET_MS }, (_, k) => {
        const start = first - DEFLECTION_WINDOW_MS + k * DEFLECTION_BUCKET_MS;
        const inBucket = inWindow(start, start + DEFLECTION_BUCKET_MS);
        return { start: new Date(start).toISOString(), mentions: inBucket.length, complaints: inBucket.filter(isComplaint).length };
      });
      return {
        id: i.id,
        name: i.name,
        createdAt: i.createdAt,
        ...(i.resolvedAt ? { resolvedAt: i.resolvedAt } : {}),
        mentions: customers.filter((m) => m.incidentId === i.id).length,
        volumeBefore,
        volumeAfter,
        afterBeforeRatio: volumeBefore ? Math.round((volumeAfter / volumeBefore) * 100) / 100 : null,
        complaintsBefore: before.filter(isComplaint).length,
        complaintsAfter: after.filter(isComplaint).length,
        series,
      };
    });
}
