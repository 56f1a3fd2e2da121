// zod/mini: the API function bundles this (bundle budget: bench functions.*.bundle_ratio, ARCHITECTURE.md).
import * as z from 'zod/mini';

/**
 * The shape of an incident and its updates, as `mention.ts` is the mention's: a leaf both the
 * store (which keeps them) and the domain (which decides them) import.
 */

/** Atlassian Statuspage enums, verbatim, so aggregators read our JSON unchanged. */
export const IncidentStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']);
export const MaintenanceStatus = z.enum(['scheduled', 'in_progress', 'verifying', 'completed']);
/** `maintenance` ranks below `minor` (a channel's minImpact) and never puts a brand in crisis mode. */
export const Impact = z.enum(['none', 'maintenance', 'minor', 'major', 'critical']);
export const ComponentStatus = z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;
export type MaintenanceStatus = z.infer<typeof MaintenanceStatus>;
export type Impact = z.infer<typeof Impact>;
export type ComponentStatus = z.infer<typeof ComponentStatus>;

export const AnyStatus = z.union([IncidentStatus, MaintenanceStatus]);
export type AnyStatus = IncidentStatus | MaintenanceStatus;

/** Message attribute `kind` on status-updates (contract with the channel filter policies). */
export type UpdateKind = 'incident' | 'maintenance' | 'resolved';

export const Message = z.object({ nl: z.string().check(z.minLength(1), z.maxLength(5000)), en: z.string().check(z.minLength(1), z.maxLength(5000)) });
export type Message = z.infer<typeof Message>;

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
  /**
   * Statuspage's auto_transition semantics for a maintenance (shared/incidents/maintenance.ts), each
   * on unless set false: in_progress at scheduledFor, completed at scheduledUntil, a reminder before.
   */
  autoTransitionToMaintenanceState?: boolean;
  autoTransitionToOperationalState?: boolean;
  scheduledRemindPrior?: boolean;
  /** When the reminder went out: set in the same conditional write as the reminder update, so it goes once. */
  remindedAt?: string;
  /** The draft (shared/incidents/drafts.ts) or template the incident started from. */
  draftId?: string;
  template?: string;
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

const DONE: ReadonlySet<string> = new Set(['resolved', 'postmortem', 'completed']);
export const isClosed = (status: AnyStatus) => DONE.has(status);

/** An incident's own page, its permalink in every broadcast and auto-reply: `<PUBLIC_URL>/status/<brand>/incidents/<id>`. */
export const incidentPermalink = (publicUrl: string, brand: string, incidentId: string) =>
  `${publicUrl.replace(/\/$/, '')}/status/${encodeURIComponent(brand)}/incidents/${encodeURIComponent(incidentId)}`;
