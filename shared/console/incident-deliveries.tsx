import type { IncidentUpdate } from '../incidents/model.ts';
import type { Delivery, DeliveryState, SubscriberTally } from '../store/deliveries.ts';
import { dateTime, number } from './format.ts';
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
  /** Deliveries to the brand's configured channels, a row each. */
  deliveries: Delivery[];
  /** Subscriber deliveries (e-mail, SMS, webhooks), counted per update and channel: one row each. */
  subscribers: SubscriberTally[];
  /** The subscriber count stopped at its read bound: the counts are a lower bound. */
  subscribersTruncated?: boolean;
  /** The brand's configured channel ids: those a Retry can re-deliver. */
  channels: string[];
  now: Date;
}

const STATES: DeliveryState[] = ['sent', 'sending', 'retrying', 'failed'];

/** A send still `sending`/`retrying` this long after its last try has lost its sender: the operator may retry it. */
export const STUCK_MS = 15 * 60_000;
const retryable = (d: Delivery, now: Date) => d.state === 'failed' || ((d.state === 'sending' || d.state === 'retrying') && now.getTime() - Date.parse(d.at) > STUCK_MS);

/** What the page reads of its deliveries (the route's readDeliveries), and when. */
export type DeliveriesRead = Pick<DeliveriesView, 'deliveries' | 'subscribers' | 'subscribersTruncated' | 'now'>;

export const deliveryKey = (d: Pick<Delivery, 'updateId' | 'channel' | 'subscriber'>) => `${d.updateId}/${d.channel}/${d.subscriber ?? '-'}`;

export function DeliveriesTable({ v }: { v: DeliveriesView }) {
  const t = CONSOLE_TEXT[v.lang];
  const w = INCIDENT_WORDS[v.lang];
  if (!v.deliveries.length && !v.subscribers.length) return <p class="muted" id="no-deliveries">{t.noDeliveries}</p>;
  const order = new Map(v.updates.map((u, n) => [u.id, n]));
  const rows = [...v.deliveries].sort((a, b) => (order.get(a.updateId) ?? 0) - (order.get(b.updateId) ?? 0) || a.channel.localeCompare(b.channel));
  const updateOf = new Map(v.updates.map((u) => [u.id, u]));
  const when = (iso: string) => dateTime(v.lang, v.timeZone, iso);
  const updateLabel = (updateId: string) => {
    const u = updateOf.get(updateId);
    return u ? `${when(u.at)} · ${t.incidentStates[u.status] ?? w.maintenanceStates[u.status] ?? u.status}` : updateId;
  };
  const tallies = [...v.subscribers].sort((a, b) => (order.get(a.updateId) ?? 0) - (order.get(b.updateId) ?? 0) || a.channel.localeCompare(b.channel));
  const action = `/console/incidents/${encodeURIComponent(v.incidentId)}/deliveries/retry`;
  return (
    <table class="figures deliveries" id="deliveries">
      <thead><tr><th scope="col">{w.update}</th><th scope="col">{t.channel}</th><th scope="col">{t.state}</th><th scope="col">{t.attempts}</th><th scope="col">{t.when}</th><th scope="col">{t.error}</th><th scope="col"><span class="sr-only">{w.retry}</span></th></tr></thead>
      <tbody>
        {rows.map((d, n) => {
          const id = `dl-${n}`;
          return (
            <tr data-key={deliveryKey(d)} data-state={d.state} class={d.state === 'failed' ? 'failed' : undefined}>
              <td>{updateLabel(d.updateId)}</td>
              <td id={id}>{d.channel}</td>
              <td><span class={`pill d-${d.state}`}>{w.deliveryStates[d.state] ?? d.state}</span></td>
              <td>{d.attempts}</td>
              <td>{when(d.at)}</td>
              <td>{d.error ?? ''}</td>
              <td>
                {retryable(d, v.now) && v.channels.includes(d.channel) ? (
                  <form method="post" action={action} class="retry">
                    <input type="hidden" name="csrf" value={v.csrf} />
                    <input type="hidden" name="update" value={d.updateId} />
                    <input type="hidden" name="channel" value={d.channel} />
                    <button type="submit" aria-describedby={id}>{w.retry}</button>
                  </form>
                ) : null}
              </td>
            </tr>
          );
        })}
        {tallies.map((s) => {
          const total = STATES.reduce((n, x) => n + (s.counts[x] ?? 0), 0);
          const state = (s.counts.failed ? 'failed' : s.counts.sending || s.counts.retrying ? 'sending' : 'sent') as DeliveryState;
          return (
            <tr data-key={`subscribers/${s.updateId}/${s.channel}`} data-state={state} class={s.counts.failed ? 'failed' : undefined}>
              <td>{updateLabel(s.updateId)}</td>
              <td>{w.subscribersOf(s.channel, number(v.lang, total))}{v.subscribersTruncated ? '+' : ''}</td>
              <td>{STATES.filter((x) => s.counts[x]).map((x) => <span class={`pill d-${x}`} data-count={String(s.counts[x])}>{number(v.lang, s.counts[x]!)} {w.deliveryStates[x] ?? x}</span>)}</td>
              <td></td>
              <td></td>
              <td></td>
              <td>{s.counts.failed ? <span class="muted">{w.subscriberRedrive}</span> : null}</td>
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
