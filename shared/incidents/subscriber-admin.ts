import { WecareError } from '../errors.ts';
import type { Store } from '../store/client.ts';
import * as subscribers from '../store/subscribers.ts';
import type { Subscriber } from '../store/subscribers.ts';

/** A webhook that echoed its challenge: from now on it is posted to. */
export async function activateWebhook(store: Store, brand: string, id: string): Promise<void> {
  if (!(await subscribers.setState(store, brand, id, 'active', 'pending'))) throw notPending(id);
}

/** A webhook that failed its challenge is not kept: it would only take a place under the cap. */
export const removeSubscriber = subscribers.remove;

/** Webhook subscribers that are active or waiting for their challenge, for the per-brand cap. */
export const countWebhooks = subscribers.countWebhooks;

const notPending = (id: string) => new WecareError('conflict', `id: subscriber ${id} is not pending`);

/** What an admin sees of a subscriber: never a secret or token, and the address only in part. */
export interface SubscriberView {
  id: string;
  type: Subscriber['type'];
  state: Subscriber['state'];
  target: string;
  components: string[] | null;
  createdAt: string;
}

export async function listSubscribers(store: Store, brand: string): Promise<SubscriberView[]> {
  return (await subscribers.list(store, brand)).map(view);
}

/** Admin removal: the subscriber is unsubscribed (kept, so a late confirm cannot revive it). */
export async function endSubscriber(store: Store, brand: string, id: string): Promise<Subscriber> {
  const current = await subscribers.get(store, brand, id);
  if (!current) throw new WecareError('not_found', `id: no subscriber ${id} for brand ${brand}`);
  // Gone between the read and the write: as the write's condition failing always answered.
  if (!(await subscribers.setState(store, brand, id, 'unsubscribed'))) throw notPending(id);
  return { ...current.subscriber, state: 'unsubscribed' };
}

function view(s: Subscriber): SubscriberView {
  return { id: s.id, type: s.type, state: s.state, target: masked(s), components: s.components ?? null, createdAt: s.createdAt };
}

/** Enough to recognise a subscriber, not enough to contact one: a webhook's origin (its path may hold a credential), an address's first letter and domain, a phone's last digits. */
function masked(s: Subscriber): string {
  if (s.type === 'webhook') {
    try {
      return new URL(s.address).origin;
    } catch {
      return '(invalid URL)';
    }
  }
  if (s.type === 'email') return s.address.replace(/^(.)[^@]*@/, '$1…@');
  return `…${s.address.slice(-3)}`;
}

