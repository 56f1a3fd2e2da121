import type { Brand } from '../config/brand.ts';
import { type Incident, isClosed } from '../incident.ts';
import type { Store } from '../store/client.ts';
import { listActiveIncidents } from '../store/incidents.ts';

/** Statuspage's impacts in order; anything else (a maintenance's own impact) never ranks. */
const RANK: Record<string, number> = { none: 0, minor: 1, major: 2, critical: 3 };

/**
 * The open incident that puts the brand in crisis mode: an incident (never a maintenance) not yet
 * resolved whose impact is at least the brand's `crisis.minImpact`; the oldest such one.
 */
export function crisisIncident(brand: Pick<Brand, 'crisis'>, active: Incident[]): Incident | undefined {
  const min = RANK[brand.crisis.minImpact]!;
  return active.find((i) => i.kind === 'incident' && !isClosed(i.status) && (RANK[i.impact] ?? -1) >= min);
}

/**
 * Why a cheerful automation must stay quiet now, or undefined: "crisis mode: incident <id> open".
 * Reads the brand's active incidents through the store's verb (a sparse index: a few items).
 */
export async function crisisReason(store: Store, brand: Pick<Brand, 'id' | 'crisis'>): Promise<string | undefined> {
  const incident = crisisIncident(brand, await listActiveIncidents(store, brand.id));
  return incident ? `crisis mode: incident ${incident.id} open` : undefined;
}
