import type { IncidentUpdate } from '../incidents/model.ts';
import type { Delivery } from '../store/deliveries.ts';
import { dateTime } from './format.ts';
import { CONSOLE_TEXT, type ConsoleLang } from './i18n.ts';
import { INCIDENT_WORDS } from './incident-words.ts';

/**
 * Each update's deliveries per channel (state, attempts, error), the table the incident page shows
 * and `GET /console/incidents/:id/deliveries` serves alone, so console.js can merge changed rows in
 * while the page is open. A failed delivery to a configured channel carries its Retry form (a
 * plain CSRF-protected POST: it works without the script).
 */
export interface DeliveriesView {
  lang: ConsoleLang;
  timeZone: string;
  csrf: string;
  incidentId: string;
  updates: IncidentUpdate[];
  deliveries: Delivery[];
  /** The brand's configured channel ids: those a Retry can re-deliver. */
  channels: string[];
}

export const deliveryKey = (d: Pick<Delivery, 'updateId' | 'channel' | 'subscriber'>) => `${d.updateId}/${d.channel}/${d.subscriber ?? '-'}`;

export function DeliveriesTable({ v }: { v: DeliveriesView }) {
  const t = CONSOLE_TEXT[v.lang];
  const w = INCIDENT_WORDS[v.lang];
  if (!v.deliveries.length) return <p class="muted" id="no-deliveries">{t.noDeliveries}</p>;
  const order = new Map(v.updates.map((u, n) => [u.id, n]));
  const rows = [...v.deliveries].sort((a, b) => (order.get(a.updateId) ?? 0) - (order.get(b.updateId) ?? 0) || a.channel.localeCompare(b.channel) || (a.subscriber ?? '').localeCompare(b.subscriber ?? ''));
  const updateOf = new Map(v.updates.map((u) => [u.id, u]));
  const when = (iso: string) => dateTime(v.lang, v.timeZone, iso);
  const action = `/console/incidents/${encodeURIComponent(v.incidentId)}/deliveries/retry`;
  return (
    <table class="figures deliveries" id="deliveries">
      <thead><tr><th scope="col">{w.update}</th><th scope="col">{t.channel}</th><th scope="col">{t.state}</th><th scope="col">{t.attempts}</th><th scope="col">{t.when}</th><th scope="col">{t.error}</th><th scope="col"><span class="sr-only">{w.retry}</span></th></tr></thead>
      <tbody>
        {rows.map((d, n) => {
          const u = updateOf.get(d.updateId);
          const id = `dl-${n}`;
          return (
            <tr data-key={deliveryKey(d)} data-state={d.state} class={d.state === 'failed' ? 'failed' : undefined}>
              <td>{u ? `${when(u.at)} · ${t.incidentStates[u.status] ?? w.maintenanceStates[u.status] ?? u.status}` : d.updateId}</td>
              <td id={id}>{d.channel}{d.subscriber ? <span class="muted"> · {d.subscriber}</span> : null}</td>
              <td><span class={`pill d-${d.state}`}>{w.deliveryStates[d.state] ?? d.state}</span></td>
              <td>{d.attempts}</td>
              <td>{when(d.at)}</td>
              <td>{d.error ?? ''}</td>
              <td>
                {d.state === 'failed' && !d.subscriber && v.channels.includes(d.channel) ? (
                  <form method="post" action={action} class="retry">
                    <input type="hidden" name="csrf" value={v.csrf} />
                    <input type="hidden" name="update" value={d.updateId} />
                    <input type="hidden" name="channel" value={d.channel} />
                    <button type="submit" aria-describedby={id}>{w.retry}</button>
                  </form>
                ) : d.state === 'failed' ? <span class="muted">{w.subscriberRedrive}</span> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The fragment the page polls: the table alone, no document around it. */
export const deliveriesFragment = (v: DeliveriesView): string => String((<DeliveriesTable v={v} />).toString());

/** The section on the incident page: the table, where it polls, and the polite announcement of changes. */
export function DeliveriesSection({ v }: { v: DeliveriesView }) {
  const t = CONSOLE_TEXT[v.lang];
  const w = INCIDENT_WORDS[v.lang];
  return (
    <section class="card" aria-labelledby="deliveries-title">
      <h3 id="deliveries-title">{t.deliveries}</h3>
      <div id="deliveries-live" data-poll={`/console/incidents/${encodeURIComponent(v.incidentId)}/deliveries`}>
        <DeliveriesTable v={v} />
      </div>
      <p id="deliveries-announce" class="sr-only" aria-live="polite" data-changed-one={w.deliveriesLive(1)} data-changed-many={w.deliveriesLive(2).replace('2', '{n}')}></p>
    </section>
  );
}
