import type { Incident } from '../incidents/model.ts';
import type { Mention } from '../mention.ts';

/** How far before and after an incident's first broadcast the volume is compared. */
export const DEFLECTION_WINDOW_MS = 60 * 60_000;

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
      const inWindow = (from: number, to: number) => customers.filter((m) => Date.parse(m.createdAt) >= from && Date.parse(m.createdAt) < to).length;
      const volumeBefore = inWindow(first - DEFLECTION_WINDOW_MS, first);
      const volumeAfter = inWindow(first, first + DEFLECTION_WINDOW_MS);
      return {
        id: i.id,
        name: i.name,
        createdAt: i.createdAt,
        ...(i.resolvedAt ? { resolvedAt: i.resolvedAt } : {}),
        mentions: customers.filter((m) => m.incidentId === i.id).length,
        volumeBefore,
        volumeAfter,
        afterBeforeRatio: volumeBefore ? Math.round((volumeAfter / volumeBefore) * 100) / 100 : null,
      };
    });
}
