import type { Brand } from '../config/brand.ts';
import { WecareError } from '../errors.ts';
import { type ComponentStatus, type Incident, type IncidentUpdate, isClosed, worstStatus } from '../incidents/model.ts';
import type { Store } from '../store/client.ts';
import { getIncident, listActiveIncidents, listIncidents, listUpdates } from '../store/incidents.ts';

export interface IncidentView extends Incident {
  /** Newest first, as Statuspage lists incident_updates. */
  updates: IncidentUpdate[];
}

/** Everything a status page shows for one brand, read at one moment. */
export interface Snapshot {
  brand: string;
  at: string;
  /** The last 90 days plus any older incident still open, newest first. */
  incidents: IncidentView[];
  components: Record<string, ComponentStatus>;
}

export const HISTORY_DAYS = 90;

export async function readSnapshot(store: Store, brand: Brand, now: Date): Promise<Snapshot> {
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
  const [recent, active] = await Promise.all([listIncidents(store, brand.id, since), listActiveIncidents(store, brand.id)]);
  const byId = new Map([...recent, ...active].map((i) => [i.id, i]));
  const incidents = await Promise.all(
    [...byId.values()].map(async (i) => ({ ...i, updates: (await listUpdates(store, i.id)).sort((a, b) => b.at.localeCompare(a.at)) })),
  );
  incidents.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { brand: brand.id, at: now.toISOString(), incidents, components: componentStates(brand, incidents, now) };
}

/** One incident with its updates (newest first), read from the table: for an incident page the snapshot does not hold. */
export async function readIncident(store: Store, id: string): Promise<IncidentView | undefined> {
  const incident = await getIncident(store, id);
  if (!incident) return undefined;
  return { ...incident, updates: (await listUpdates(store, id)).sort((a, b) => b.at.localeCompare(a.at)) };
}

/**
 * A component's state is the worst one any open incident gives it; a maintenance counts only
 * once it is in progress (a scheduled one does not put a component under maintenance yet).
 */
export function componentStates(brand: Brand, incidents: Incident[], now: Date): Record<string, ComponentStatus> {
  const states: Record<string, ComponentStatus> = {};
  for (const c of brand.components) {
    const touching = incidents
      .filter((i) => !isClosed(i.status) && i.components[c.id] && (i.kind === 'incident' || startedMaintenance(i, now)))
      .map((i) => i.components[c.id]!);
    states[c.id] = worstStatus(touching);
  }
  return states;
}

const startedMaintenance = (i: Incident, now: Date) =>
  i.status !== 'scheduled' || (i.scheduledFor !== undefined && Date.parse(i.scheduledFor) <= now.getTime());

/**
 * Last good snapshot per brand. A read older than `freshMs` is refreshed; when DynamoDB is slow
 * (over `timeoutMs`) or failing, the page is served from the last good snapshot instead of
 * waiting or failing, and the slow read still lands in the cache when it finishes.
 */
export class SnapshotCache {
  private readonly good = new Map<string, Snapshot>();
  private readonly inflight = new Map<string, Promise<Snapshot>>();

  constructor(
    private readonly read: (brand: Brand) => Promise<Snapshot>,
    private readonly now: () => Date,
    private readonly opts = { freshMs: 5_000, timeoutMs: 1_000 },
  ) {}

  async get(brand: Brand): Promise<{ snapshot: Snapshot; stale: boolean }> {
    const last = this.good.get(brand.id);
    if (last && this.now().getTime() - Date.parse(last.at) < this.opts.freshMs) return { snapshot: last, stale: false };
    try {
      return { snapshot: await withTimeout(this.refresh(brand), this.opts.timeoutMs), stale: false };
    } catch (e) {
      if (last) return { snapshot: last, stale: true };
      throw e instanceof WecareError ? e : new WecareError('unavailable', 'status temporarily unavailable, retry later');
    }
  }

  /** Drops a brand's snapshot so the next read shows a change made by this process at once. */
  invalidate(brand: string) {
    this.good.delete(brand);
  }

  private refresh(brand: Brand): Promise<Snapshot> {
    let p = this.inflight.get(brand.id);
    if (!p) {
      p = this.read(brand)
        .then((s) => {
          this.good.set(brand.id, s);
          return s;
        })
        .finally(() => this.inflight.delete(brand.id));
      this.inflight.set(brand.id, p);
    }
    return p;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WecareError('unavailable', `status read took over ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
