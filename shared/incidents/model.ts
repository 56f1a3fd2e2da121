// zod/mini: the API function bundles this (bundle budget, see DESIGN.md).
import * as z from 'zod/mini';

/** Atlassian Statuspage enums, verbatim, so aggregators read our JSON unchanged. */
export const IncidentStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']);
export const MaintenanceStatus = z.enum(['scheduled', 'in_progress', 'verifying', 'completed']);
export const Impact = z.enum(['none', 'minor', 'major', 'critical']);
export const ComponentStatus = z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;
export type MaintenanceStatus = z.infer<typeof MaintenanceStatus>;
export type Impact = z.infer<typeof Impact>;
export type ComponentStatus = z.infer<typeof ComponentStatus>;

export const AnyStatus = z.union([IncidentStatus, MaintenanceStatus]);
export type AnyStatus = IncidentStatus | MaintenanceStatus;

/** Message attribute `kind` on status-updates (contract with the channel filter policies). */
export type UpdateKind = 'incident' | 'maintenance' | 'resolved';

const Message = z.object({ nl: z.string().check(z.minLength(1), z.maxLength(5000)), en: z.string().check(z.minLength(1), z.maxLength(5000)) });
export type Message = z.infer<typeof Message>;
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
});
export type NewIncident = z.infer<typeof NewIncident>;

export const NewUpdate = z.object({
  status: AnyStatus,
  message: Message,
  components: z.optional(Components),
  impact: z.optional(Impact),
});
export type NewUpdate = z.infer<typeof NewUpdate>;

export interface Incident {
  id: string;
  brand: string;
  name: string;
  kind: 'incident' | 'maintenance';
  status: AnyStatus;
  impact: Impact;
  /** Current state of every component the incident touches. */
  components: Record<string, ComponentStatus>;
  createdAt: string;
  updatedAt: string;
  /** First time the status became monitoring / resolved (Statuspage's monitoring_at / resolved_at). */
  monitoringAt?: string;
  resolvedAt?: string;
  scheduledFor?: string;
  scheduledUntil?: string;
  /** Optimistic lock: every update bumps it, so two agents never interleave writes. */
  version: number;
}

/** One immutable step of an incident's timeline; its id is the idempotency key of every delivery. */
export interface IncidentUpdate {
  id: string;
  incidentId: string;
  brand: string;
  name: string;
  kind: UpdateKind;
  status: AnyStatus;
  impact: Impact;
  message: Message;
  /** Components after this update, and what each was before (Statuspage's affected_components). */
  components: Record<string, ComponentStatus>;
  previous: Record<string, ComponentStatus>;
  at: string;
}

export type DeliveryState = 'sending' | 'sent' | 'retrying' | 'failed';

export interface Delivery {
  updateId: string;
  channel: string;
  target: string;
  subscriber?: string;
  state: DeliveryState;
  attempts: number;
  at: string;
  error?: string;
}

const DONE: ReadonlySet<string> = new Set(['resolved', 'postmortem', 'completed']);
export const isClosed = (status: AnyStatus) => DONE.has(status);
export const isMaintenanceStatus = (s: string): s is MaintenanceStatus => (MaintenanceStatus.options as readonly string[]).includes(s);

export function updateKind(incident: Pick<Incident, 'kind'>, status: AnyStatus): UpdateKind {
  return isClosed(status) ? 'resolved' : incident.kind;
}

const IMPACT_ORDER: Impact[] = ['none', 'minor', 'major', 'critical'];
/** Impacts at or above `min`: what a channel's filter policy accepts. */
export const impactsFrom = (min: Impact) => IMPACT_ORDER.slice(IMPACT_ORDER.indexOf(min));

/** Worst first: a component in two incidents shows the worse state. */
const SEVERITY: ComponentStatus[] = ['major_outage', 'partial_outage', 'degraded_performance', 'under_maintenance', 'operational'];
export function worstStatus(states: ComponentStatus[]): ComponentStatus {
  let best = SEVERITY.length - 1;
  for (const s of states) best = Math.min(best, SEVERITY.indexOf(s));
  return SEVERITY[best]!;
}
