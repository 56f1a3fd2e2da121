import type { Brand } from '../config/brand.ts';
import type { Store } from '../store/client.ts';
import { isOpen } from '../case.ts';
import { caseEvent } from './lifecycle.ts';
import { changeCase } from './mutate.ts';
import { resumeSla } from './sla.ts';

const OUTAGE = { type: 'system' as const, id: 'outage' };
const ignoreMissing = (e: unknown) => {
  if ((e as { code?: string }).code !== 'not_found') throw e;
};

/**
 * A case about an open incident waits with the incident: its clocks stand still from the tag
 * until the incident is resolved (the customer is told on the status page and by the outage
 * reply). The first incident wins; a redelivery changes nothing.
 */
export async function pauseForIncident(store: Store, caseId: string, incidentId: string, now: Date): Promise<void> {
  await changeCase(store, caseId, (c) => {
    if (c.incidentId || !isOpen(c.state)) return undefined;
    const at = now.toISOString();
    return { next: { ...c, incidentId, pausedAt: c.pausedAt ?? at, updatedAt: at }, events: [caseEvent('incident', now, OUTAGE, { incidentId })] };
  }).catch(ignoreMissing);
}

/** The incident is resolved: the clocks run again, every deadline moved by the business time they stood still. */
export async function resumeAfterIncident(store: Store, brand: Brand, caseId: string, incidentId: string, now: Date): Promise<void> {
  await changeCase(store, caseId, (c) => {
    // Pending keeps its own pause: the case waits on the customer, not on the incident any more.
    if (c.incidentId !== incidentId || !c.pausedAt || c.state === 'pending') return undefined;
    return { next: { ...c, sla: resumeSla(brand, c, now), pausedAt: undefined, updatedAt: now.toISOString() }, events: [caseEvent('resumed', now, OUTAGE, { incidentId })] };
  }).catch(ignoreMissing);
}
