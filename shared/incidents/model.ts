// zod/mini: the API function bundles this (bundle budget: bench functions.*.bundle_ratio, ARCHITECTURE.md).
import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { AnyStatus, ComponentStatus, type Incident, Impact, isClosed, MaintenanceStatus, Message, type UpdateKind } from '../incident.ts';

export {
  AnyStatus,
  ComponentStatus,
  type Incident,
  type IncidentStatus,
  type IncidentUpdate,
  Impact,
  isClosed,
  MaintenanceStatus,
  Message,
  type UpdateKind,
} from '../incident.ts';
export type { Delivery, DeliveryState } from '../store/deliveries.ts';

const Components = z.record(z.string(), ComponentStatus);
const isoDate = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO date'));

export const NewIncident = z.object({
  brand: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  kind: z._default(z.enum(['incident', 'maintenance']), 'incident'),
  status: AnyStatus,
  impact: Impact,
  components: z._default(Components, {}),
  message: Message,
  /** Maintenance window; required when kind is maintenance. */
  scheduledFor: z.optional(isoDate),
  scheduledUntil: z.optional(isoDate),
  /** Statuspage's auto_transition switches for a maintenance (default on; see maintenance.ts). */
  autoTransitionToMaintenanceState: z.optional(z.boolean()),
  autoTransitionToOperationalState: z.optional(z.boolean()),
  scheduledRemindPrior: z.optional(z.boolean()),
});
export type NewIncident = z.infer<typeof NewIncident>;

export const NewUpdate = z.object({
  status: AnyStatus,
  message: Message,
  components: z.optional(Components),
  impact: z.optional(Impact),
});
export type NewUpdate = z.infer<typeof NewUpdate>;

/** Time-ordered, URL-safe, short like Statuspage's ids: incidents and updates. */
export function newId(now: Date): string {
  return now.getTime().toString(36) + randomBytes(6).toString('hex');
}

export const isMaintenanceStatus = (s: string): s is MaintenanceStatus => (MaintenanceStatus.options as readonly string[]).includes(s);

export function updateKind(incident: Pick<Incident, 'kind'>, status: AnyStatus): UpdateKind {
  return isClosed(status) ? 'resolved' : incident.kind;
}

/** Statuspage's order: a maintenance ranks below `minor`, so a channel at `minor` or above never gets one. */
const IMPACT_ORDER: Impact[] = ['none', 'maintenance', 'minor', 'major', 'critical'];
/** Impacts at or above `min`: what a channel's filter policy accepts. */
export const impactsFrom = (min: Impact) => IMPACT_ORDER.slice(IMPACT_ORDER.indexOf(min));

/** Worst first: a component in two incidents shows the worse state. */
const SEVERITY: ComponentStatus[] = ['major_outage', 'partial_outage', 'degraded_performance', 'under_maintenance', 'operational'];
export function worstStatus(states: ComponentStatus[]): ComponentStatus {
  let best = SEVERITY.length - 1;
  for (const s of states) best = Math.min(best, SEVERITY.indexOf(s));
  return SEVERITY[best]!;
}
