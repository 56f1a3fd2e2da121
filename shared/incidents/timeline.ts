import type { SNSClient } from '@aws-sdk/client-sns';
import type { Brand } from '../config/brand.ts';
import type { Brands } from '../config/load.ts';
import { WecareError } from '../errors.ts';
import type { Store } from '../store/client.ts';
import { getIncident, listUpdates, saveUpdate } from '../store/incidents.ts';
import { publishStatusUpdate } from './event.ts';
import {
  type AnyStatus,
  type Incident,
  type IncidentUpdate,
  isClosed,
  isMaintenanceStatus,
  type NewIncident,
  type NewUpdate,
  newId,
  updateKind,
} from './model.ts';

export interface TimelineDeps {
  store: Store;
  sns: SNSClient;
  statusUpdatesTopic: string;
  brands: Brands;
  now: () => Date;
}

/** Opens an incident (or schedules a maintenance) with its first update, and broadcasts it. */
export async function openIncident(
  deps: TimelineDeps,
  input: NewIncident,
  idempotencyKey?: string,
  origin?: Pick<Incident, 'draftId' | 'template'>,
): Promise<Incident> {
  const brand = deps.brands.byId(input.brand);
  if (!brand) throw new WecareError('not_found', `brand: unknown brand ${input.brand}`);
  checkStatus(input.kind, input.status);
  checkComponents(brand, input.components);
  checkWindow(input);
  const at = deps.now().toISOString();
  const incident: Incident = {
    id: newId(deps.now()),
    brand: brand.id,
    name: input.name,
    kind: input.kind,
    status: input.status,
    impact: input.impact,
    components: input.components,
    createdAt: at,
    updatedAt: at,
    scheduledFor: input.scheduledFor,
    scheduledUntil: input.scheduledUntil,
    ...(input.kind === 'maintenance' ? autoTransitions(input) : {}),
    ...(origin ?? {}),
    version: 1,
    ...milestones(undefined, input.status, at),
  };
  const update = toUpdate(incident, { status: input.status, message: input.message }, {}, at, newId(deps.now()));
  const result = await saveUpdate(deps.store, incident, update, { idempotencyKey });
  if (!result.saved) return replayed(deps, result.replay.incidentId, result.replay.updateId);
  await publishStatusUpdate(deps.sns, deps.statusUpdatesTopic, incident, update);
  return incident;
}

/** Appends an immutable update; the incident's status, impact and components follow it. */
export async function postUpdate(deps: TimelineDeps, incidentId: string, input: NewUpdate, idempotencyKey?: string): Promise<IncidentUpdate> {
  const current = await getIncident(deps.store, incidentId);
  if (!current) throw new WecareError('not_found', `incident ${incidentId} not found`);
  return applyUpdate(deps, current, input, { idempotencyKey });
}

/**
 * The update on top of `current` as read: written only if nobody changed the incident since
 * (its version), else 409 `conflict`. The maintenance sweep relies on that to move a maintenance once.
 */
export async function applyUpdate(
  deps: TimelineDeps,
  current: Incident,
  input: NewUpdate,
  opts: { idempotencyKey?: string; set?: Pick<Incident, 'remindedAt'> } = {},
): Promise<IncidentUpdate> {
  const idempotencyKey = opts.idempotencyKey;
  const brand = deps.brands.byId(current.brand);
  if (!brand) throw new WecareError('not_found', `brand: unknown brand ${current.brand}`);
  checkStatus(current.kind, input.status);
  checkComponents(brand, input.components ?? {});
  const at = deps.now().toISOString();
  // A resolve that names no components puts the touched ones back to operational, as Statuspage does.
  const components = input.components ?? (isClosed(input.status) ? allOperational(current.components) : current.components);
  const next: Incident = {
    ...current,
    status: input.status,
    impact: input.impact ?? current.impact,
    components: { ...current.components, ...components },
    updatedAt: at,
    version: current.version + 1,
    ...milestones(current, input.status, at),
    ...opts.set,
  };
  const update = toUpdate(next, input, current.components, at, newId(deps.now()));
  const result = await saveUpdate(deps.store, next, update, { previousVersion: current.version, idempotencyKey });
  if (!result.saved) return (await replayedUpdate(deps, result.replay.incidentId, result.replay.updateId)).update;
  await publishStatusUpdate(deps.sns, deps.statusUpdatesTopic, next, update);
  return update;
}

function toUpdate(
  incident: Incident,
  input: Pick<NewUpdate, 'status' | 'message'>,
  previous: Incident['components'],
  at: string,
  id: string,
): IncidentUpdate {
  return {
    id,
    incidentId: incident.id,
    brand: incident.brand,
    name: incident.name,
    kind: updateKind(incident, input.status),
    status: input.status,
    impact: incident.impact,
    message: input.message,
    components: incident.components,
    previous,
    at,
  };
}

function milestones(current: Incident | undefined, status: AnyStatus, at: string) {
  return {
    monitoringAt: current?.monitoringAt ?? (status === 'monitoring' || status === 'verifying' ? at : undefined),
    resolvedAt: current?.resolvedAt ?? (isClosed(status) ? at : undefined),
  };
}

const allOperational = (c: Incident['components']) => Object.fromEntries(Object.keys(c).map((id) => [id, 'operational' as const]));

function checkStatus(kind: Incident['kind'], status: AnyStatus) {
  const ok = kind === 'maintenance' ? isMaintenanceStatus(status) : !isMaintenanceStatus(status);
  const allowed = kind === 'maintenance' ? 'scheduled, in_progress, verifying, completed' : 'investigating, identified, monitoring, resolved, postmortem';
  if (!ok) throw new WecareError('bad_request', `status: ${status} is not a ${kind} status (${allowed})`);
}

/** A maintenance needs its start; a window that ends before it starts is refused, naming the field. */
export function checkWindow(input: NewIncident) {
  if (input.kind === 'maintenance' && !input.scheduledFor) throw new WecareError('bad_request', 'scheduledFor: required for a maintenance');
  if (input.scheduledFor && input.scheduledUntil && Date.parse(input.scheduledUntil) <= Date.parse(input.scheduledFor)) {
    throw new WecareError('bad_request', `scheduledUntil: ${input.scheduledUntil} is not after scheduledFor ${input.scheduledFor}`);
  }
}

/** Statuspage's defaults: a scheduled maintenance starts, completes and reminds by itself unless told not to. */
const autoTransitions = (input: NewIncident) => ({
  autoTransitionToMaintenanceState: input.autoTransitionToMaintenanceState ?? true,
  autoTransitionToOperationalState: input.autoTransitionToOperationalState ?? true,
  scheduledRemindPrior: input.scheduledRemindPrior ?? true,
});

function checkComponents(brand: Brand, components: Record<string, string>) {
  const known = new Set(brand.components.map((c) => c.id));
  const unknown = Object.keys(components).find((id) => !known.has(id));
  if (unknown) throw new WecareError('bad_request', `components.${unknown}: not a component of brand ${brand.id}`);
}

/**
 * A retried POST (same Idempotency-Key): answer with what the first one stored, and publish it
 * again in case the first attempt died between the write and the publish. Deliveries are
 * idempotent per update id, so a second publish sends nothing twice.
 */
async function replayedUpdate(deps: TimelineDeps, incidentId: string, updateId: string) {
  const incident = await getIncident(deps.store, incidentId);
  const update = (await listUpdates(deps.store, incidentId)).find((u) => u.id === updateId);
  if (!incident || !update) throw new WecareError('conflict', 'idempotency key belongs to another request');
  await publishStatusUpdate(deps.sns, deps.statusUpdatesTopic, incident, update);
  return { incident, update };
}

const replayed = async (deps: TimelineDeps, incidentId: string, updateId: string) =>
  (await replayedUpdate(deps, incidentId, updateId)).incident;
