import type { Context } from 'hono';
import { recordAudit } from '../../../shared/audit/record.ts';
import type { Incident } from '../../../shared/incidents/model.ts';
import type { Store } from '../../../shared/store/client.ts';
import { listUpdates } from '../../../shared/store/incidents.ts';
import type { ApiEnv } from '../auth.ts';

/**
 * The answer to an incident just opened (by hand, or by publishing a draft): its audit event,
 * keyed by the incident so a replayed Idempotency-Key files no second one, then 201 with its updates.
 */
export async function incidentOpened(c: Context<ApiEnv>, store: Store, incident: Incident, details: Record<string, string> = {}) {
  await recordAudit(store, {
    brand: incident.brand,
    actor: c.get('principal').actor,
    action: 'incident.create',
    target: { type: 'incident', id: incident.id },
    at: incident.createdAt,
    id: incident.id,
    details: { kind: incident.kind, status: incident.status, impact: incident.impact, ...details },
  });
  return c.json({ ...incident, updates: await listUpdates(store, incident.id) }, 201);
}
