import type { Brands } from '../config/load.ts';
import type { Mention } from '../mention.ts';
import type { Store } from '../store/client.ts';
import { activeIncidentsCache } from './active.ts';
import { matchIncident } from './outage.ts';
import { mentionSpike } from './spike.ts';

export interface IncidentMatcherOptions {
  /** How long a brand's active incidents are reused (default 5 s). */
  activeCacheMs?: number;
  /** How long a brand's spike verdict is reused (default 30 s): only asked while an incident is active. */
  spikeCacheMs?: number;
  now?: () => Date;
}

/**
 * The incident-matching policy of triage: the active incident a triaged mention is about, which
 * becomes the `incident` message attribute the flows filter on (the outage auto-reply, the
 * thank-you's silence). A mention naming an incident's component or words matches; a complaint
 * nothing else ties to the incident matches only while the brand's volume spikes.
 */
export function incidentMatcher(store: Store, brands: Brands, opts: IncidentMatcherOptions = {}) {
  const active = activeIncidentsCache(store, opts.activeCacheMs);
  const spike = spikeCache(store, opts.spikeCacheMs, opts.now);
  return async (mention: Mention): Promise<string | undefined> => {
    const brand = brands.byId(mention.brand);
    const incidents = brand ? await active(mention.brand) : [];
    if (!brand || !incidents.length) return undefined;
    // The spike is only worth its count for a complaint nothing else ties to the incident.
    const named = matchIncident(brand, mention, incidents);
    if (named || mention.intent !== 'complaint') return named?.id;
    return matchIncident(brand, mention, incidents, { spike: await spike(mention.brand) })?.id;
  };
}

/** Whether a brand's volume spikes, reused for `cacheMs`; a failed count is no spike. */
function spikeCache(store: Store, cacheMs = 30_000, now = () => new Date()) {
  const cache = new Map<string, { at: number; spike: Promise<boolean> }>();
  return (brand: string): Promise<boolean> => {
    const hit = cache.get(brand);
    if (hit && Date.now() - hit.at < cacheMs) return hit.spike;
    const spike = mentionSpike(store, brand, now()).catch(() => false);
    cache.set(brand, { at: Date.now(), spike });
    return spike;
  };
}
