import { Webhook } from 'standardwebhooks';
import type { StatusUpdateEvent } from '../incidents/event.ts';
import type { OutboundRequest } from '../platforms/http.ts';
import { incidentUrl } from './text.ts';

/**
 * A subscriber's POST, signed with Standard Webhooks (webhook-id / -timestamp / -signature over
 * `id.timestamp.body`). The id is stable per (update, subscriber), so a retry carries the same id
 * and the receiver can drop a duplicate on its side too.
 */
export function webhookRequest(opts: {
  url: string;
  secret?: string;
  event: StatusUpdateEvent;
  subscriber: string;
  publicUrl: string;
  now: Date;
}): OutboundRequest {
  const { incident, update } = opts.event;
  const id = `msg_${update.id}_${opts.subscriber}`;
  const body = JSON.stringify({
    type: `status.${update.kind}`,
    timestamp: update.at,
    data: {
      url: incidentUrl(opts.publicUrl, update),
      incident: { id: incident.id, brand: incident.brand, name: incident.name, status: incident.status, impact: incident.impact, components: incident.components },
      update: { id: update.id, status: update.status, message: update.message, components: update.components, at: update.at },
    },
  });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(opts.now.getTime() / 1000)),
  };
  if (opts.secret) headers['webhook-signature'] = new Webhook(opts.secret).sign(id, opts.now, body);
  return { url: opts.url, headers, body };
}

/**
 * The challenge a new webhook subscriber must echo before it is posted to: signed like every post
 * (with the subscriber's new secret), sent through the same outbound filter.
 */
export function verifyRequest(opts: { url: string; secret: string; subscriber: string; brand: string; challenge: string; now: Date }): OutboundRequest {
  const id = `msg_verify_${opts.subscriber}`;
  const body = JSON.stringify({ type: 'subscription.verify', challenge: opts.challenge, timestamp: opts.now.toISOString(), data: { subscriber: opts.subscriber, brand: opts.brand } });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(opts.now.getTime() / 1000)),
    'webhook-signature': new Webhook(opts.secret).sign(id, opts.now, body),
  };
  return { url: opts.url, headers, body };
}
