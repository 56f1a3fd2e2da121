import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import type { Brand } from '../config/brand.ts';
import { WecareError } from '../errors.ts';
import { Impact } from '../incident.ts';
import { keyedHash } from '../keyed-hash.ts';
import type { Store } from '../store/client.ts';
import * as subscribers from '../store/subscribers.ts';
import type { Subscriber } from '../store/subscribers.ts';

export type { Subscriber } from '../store/subscribers.ts';

/**
 * Status subscribers of a brand (stored by shared/store/subscribers.ts). Every kind starts
 * `pending`: e-mail and phone until the confirm token comes back (double opt-in), a webhook until
 * it echoes a signed challenge (shared/broadcast/webhook-verify.ts). Webhooks get a Standard Webhooks secret to
 * verify our posts. Tokens are stored hashed.
 */
// Linear patterns on public input only, each behind a length bound (a backtracking e-mail regex
// took seconds on 64 KB): the domain's labels are split by dots the label class cannot contain.
const EMAIL = /^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$/;
export const isEmail = (v: string) => v.length <= 254 && EMAIL.test(v);
const E164 = /^\+[1-9]\d{6,14}$/;
export const isE164 = (v: string) => v.length <= 16 && E164.test(v);

export const SubscribeRequest = z.object({
  email: z.optional(z.string().check(z.refine(isEmail, 'expected an e-mail address (at most 254 characters)'))),
  phone: z.optional(z.string().check(z.refine(isE164, 'expected an E.164 phone number like +31612345678'))),
  // Checked for what it may reach in public-target.ts (https, public address), not by a pattern.
  webhook: z.optional(z.string().check(z.refine((v) => v.length <= 2048, 'expected a URL of at most 2048 characters'))),
  components: z.optional(z.array(z.string().check(z.maxLength(100))).check(z.maxLength(50))),
  /** The language of its e-mails and texts; the route falls back on Accept-Language, then the brand's first. */
  language: z.optional(z.enum(['nl', 'en'])),
  /** Only updates of these impacts; a phone without a choice gets major and critical ones (every text costs, and wakes people). */
  impacts: z.optional(z.array(Impact).check(z.minLength(1), z.maxLength(4))),
});
export type SubscribeRequest = z.infer<typeof SubscribeRequest>;

export interface Subscribed {
  subscriber: Subscriber;
  /** For e-mail/phone: goes out in the opt-in message, never in the HTTP answer. */
  confirmToken?: string;
  unsubscribeToken: string;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const token = (id: string) => `${id}.${randomBytes(18).toString('base64url')}`;

/**
 * The token in every message's unsubscribe and manage links. Derived (keyed HMAC, PRIVACY_HASH_KEY)
 * rather than random, because the broadcast writes it into each mail long after the subscribe
 * request: a stored token would be a credential at rest, a derived one needs the key.
 */
export const linkToken = (brand: string, id: string) => `${id}.${keyedHash('status-subscriber-link', `${brand}/${id}`)}`;

/** Texts cost money and wake people: without a choice a phone gets the big ones only. */
export const DEFAULT_PHONE_IMPACTS: Impact[] = ['major', 'critical'];

export function kindOf(req: SubscribeRequest): Subscriber['type'] {
  const given = (['email', 'phone', 'webhook'] as const).filter((t) => req[t] !== undefined);
  if (given.length !== 1) throw new WecareError('bad_request', 'body: give exactly one of email, phone, webhook');
  return given[0]!;
}

/** `language`: the request's, else what the route took from Accept-Language or the brand. */
export async function subscribe(store: Store, brand: Brand, req: SubscribeRequest, now: Date, language?: string): Promise<Subscribed> {
  const type = kindOf(req);
  const unknown = req.components?.find((c) => !brand.components.some((k) => k.id === c));
  if (unknown) throw new WecareError('bad_request', `components: ${unknown} is not a component of brand ${brand.id}`);
  const id = randomBytes(9).toString('base64url');
  const confirmToken = type === 'webhook' ? undefined : token(id);
  const unsubscribeToken = type === 'webhook' ? token(id) : linkToken(brand.id, id);
  const subscriber: Subscriber = {
    id,
    brand: brand.id,
    type,
    address: req[type]!,
    components: req.components?.length ? req.components : undefined,
    language: type === 'webhook' ? undefined : (req.language ?? language ?? brand.languages[0]),
    impacts: req.impacts ?? (type === 'phone' ? DEFAULT_PHONE_IMPACTS : undefined),
    state: 'pending',
    secret: type === 'webhook' ? `whsec_${randomBytes(24).toString('base64')}` : undefined,
    createdAt: now.toISOString(),
  };
  await subscribers.add(store, subscriber, { confirmHash: confirmToken && hash(confirmToken), unsubscribeHash: hash(unsubscribeToken) });
  return { subscriber, confirmToken, unsubscribeToken };
}

/** Double opt-in and unsubscribe: the token names the subscriber, its hash proves it. Idempotent. */
export async function useToken(store: Store, brand: string, action: 'confirm' | 'unsubscribe', tokenValue: string): Promise<Subscriber> {
  const id = tokenValue.split('.')[0] ?? '';
  const current = await subscribers.get(store, brand, id);
  const expected = current?.hashes[action === 'confirm' ? 'confirmHash' : 'unsubscribeHash'];
  // The link token of e-mails and texts stands for the unsubscribe token (subscribers from before it was derived).
  const linked = action === 'unsubscribe' && current && current.subscriber.type !== 'webhook' && sameHash(tokenValue, linkToken(brand, id));
  if (!current || (!linked && (typeof expected !== 'string' || !sameHash(expected, hash(tokenValue))))) {
    throw new WecareError('not_found', 'token: unknown or expired');
  }
  if (current.subscriber.state === 'suppressed') return current.subscriber;
  if (action === 'confirm' && current.subscriber.state === 'unsubscribed') return current.subscriber;
  const state = action === 'confirm' ? 'active' : 'unsubscribed';
  if (!(await subscribers.setState(store, brand, id, state))) throw new WecareError('not_found', 'token: unknown or expired');
  return { ...current.subscriber, state };
}

/** The manage page's token (the one in every mail's and text's links): the subscriber it names, or 404. */
export async function subscriberOfLink(store: Store, brand: string, tokenValue: string): Promise<Subscriber> {
  const id = tokenValue.split('.')[0] ?? '';
  const current = await subscribers.get(store, brand, id);
  if (!current || current.subscriber.type === 'webhook' || !sameHash(tokenValue, linkToken(brand, id))) throw new WecareError('not_found', 'token: unknown or expired');
  return current.subscriber;
}

export const Preferences = z.object({
  components: z._default(z.array(z.string().check(z.maxLength(100))).check(z.maxLength(50)), []),
  impacts: z._default(z.array(Impact).check(z.maxLength(4)), []),
  language: z.enum(['nl', 'en']),
});
export type Preferences = z.infer<typeof Preferences>;

/** Components, impacts and language from the manage page; a stopped or suppressed subscriber stays so. */
export async function updatePreferences(store: Store, brand: Brand, tokenValue: string, p: Preferences): Promise<Subscriber> {
  const s = await subscriberOfLink(store, brand.id, tokenValue);
  const unknown = p.components.find((c) => !brand.components.some((k) => k.id === c));
  if (unknown) throw new WecareError('bad_request', `components: ${unknown} is not a component of brand ${brand.id}`);
  if (!(await subscribers.setPreferences(store, brand.id, s.id, p))) throw new WecareError('not_found', 'token: unknown or expired');
  return { ...s, components: p.components.length ? p.components : undefined, impacts: p.impacts.length ? p.impacts : undefined, language: p.language };
}

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Active webhook subscribers of a brand that want an update touching `components`. */
export async function webhookSubscribers(store: Store, brand: string, components: string[]): Promise<Subscriber[]> {
  return (await subscribers.activeWebhooks(store, brand)).filter((s) => !s.components?.length || s.components.some((c) => components.includes(c)));
}

/** Remembers the SNS subscription that now delivers to this subscriber. */
export const setSubscriptionArn = subscribers.setSubscriptionArn;
