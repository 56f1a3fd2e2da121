import type { Store } from '../store/client.ts';
import { listActiveIncidents } from '../store/incidents.ts';
import type { Incident } from './model.ts';

/**
 * A brand's active incidents, reused for `cacheMs`: a spike of complaints during an outage reads
 * them once per few seconds, not once per mention. A failed read is not cached.
 */
export function activeIncidentsCache(store: Store, cacheMs = 5_000) {
  const cache = new Map<string, { at: number; incidents: Promise<Incident[]> }>();
  return (brand: string): Promise<Incident[]> => {
    const hit = cache.get(brand);
    if (hit && Date.now() - hit.at < cacheMs) return hit.incidents;
    const incidents = listActiveIncidents(store, brand);
    cache.set(brand, { at: Date.now(), incidents });
    incidents.catch(() => cache.delete(brand));
    return incidents;
  };
}
