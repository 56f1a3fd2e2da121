import type { Context, Hono } from 'hono';
import { recordAudit } from '../../../shared/audit/record.ts';
import { retryDelivery } from '../../../shared/broadcast/retry-delivery.ts';
import type { Brand } from '../../../shared/config/brand.ts';
import { type DeliveriesRead, deliveriesFragment } from '../../../shared/console/incident-deliveries.tsx';
import { WecareError } from '../../../shared/errors.ts';
import type { Incident, IncidentUpdate } from '../../../shared/incidents/model.ts';
import * as deliveries from '../../../shared/store/deliveries.ts';
import { listUpdates } from '../../../shared/store/incidents.ts';
import type { ApiContext } from '../context.ts';
import type { ConsoleEnv } from './console.ts';

type One = (c: Context<ConsoleEnv>) => Promise<{ incident: Incident; brand: Brand }>;

/** What the incident page shows of its deliveries: the channels' rows by key, the subscribers counted. */
export async function readDeliveries(store: ApiContext['store'], incident: Incident, brand: Brand, updates: IncidentUpdate[], now: Date): Promise<DeliveriesRead> {
  const ids = updates.map((u) => u.id);
  const [sent, tally] = await Promise.all([
    deliveries.channelDeliveries(store, incident.id, ids, brand.channels.map((x) => x.id)),
    deliveries.subscriberTally(store, incident.id, ids),
  ]);
  return { deliveries: sent, subscribers: tally.tallies, subscribersTruncated: tally.truncated, now };
}

/**
 * The incident page's deliveries: `GET /console/incidents/:id/deliveries`, the table alone, which
 * the open page polls; `POST …/deliveries/retry` (`update`, `channel`), one failed channel
 * delivered again, once however often it is clicked (shared/broadcast/retry-delivery.ts), and
 * audited with its actor. Both need incidents:write and the incident's brand (else 403 / 404).
 */
export function deliveryRoutes(app: Hono<ConsoleEnv>, ctx: ApiContext, one: One) {
  const broadcast = { store: ctx.store, fetch: ctx.reply.fetch, env: { platforms: ctx.reply.env, publicUrl: ctx.publicUrl }, now: ctx.now, timeoutMs: ctx.reply.timeoutMs };

  app.get('/console/incidents/:id/deliveries', async (c) => {
    const { incident, brand } = await one(c);
    const v = c.get('viewer');
    const updates = await listUpdates(ctx.store, incident.id);
    const read = await readDeliveries(ctx.store, incident, brand, updates, ctx.now());
    c.header('cache-control', 'no-store');
    return c.html(deliveriesFragment({ lang: v.lang, timeZone: brand.timezone, csrf: v.csrf, incidentId: incident.id, updates, ...read, channels: brand.channels.map((x) => x.id) }));
  });

  app.post('/console/incidents/:id/deliveries/retry', async (c) => {
    const { incident, brand } = await one(c);
    const f = c.get('form');
    const update = (await listUpdates(ctx.store, incident.id)).find((u) => u.id === f.update);
    if (!update) throw new WecareError('not_found', `update ${(f.update ?? '').slice(0, 80)} not found`);
    const outcome = await retryDelivery(broadcast, brand, { type: 'status.update', incident, update }, f.channel ?? '');
    if (!outcome.retried && outcome.why === 'unknown-channel') throw new WecareError('not_found', `channel ${(f.channel ?? '').slice(0, 80)} not found`);
    if (outcome.retried) {
      await recordAudit(ctx.store, {
        brand: brand.id,
        actor: c.get('viewer').principal.actor,
        action: 'incident.delivery.retry',
        target: { type: 'incident', id: incident.id },
        at: ctx.now(),
        details: { update: update.id, channel: f.channel ?? '', state: outcome.state },
      });
    }
    const done = outcome.retried ? outcome.state : 'none';
    return c.redirect(`/console/incidents/${encodeURIComponent(incident.id)}?done=retry-${done}#deliveries-title`, 303);
  });
}
