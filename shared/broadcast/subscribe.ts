import type { Brand } from '../config/brand.ts';
import { WecareError } from '../errors.ts';
import { checkSmsCountry, takeSmsBudget } from '../incidents/sms-policy.ts';
import { activateWebhook, countWebhooks, removeSubscriber } from '../incidents/subscriber-admin.ts';
import { kindOf, type SubscribeRequest, type Subscriber, subscribe, useToken } from '../incidents/subscribers.ts';
import { endSubscription, type SubscriptionDeps } from '../incidents/subscriptions.ts';
import type { Fetch } from '../platforms/http.ts';
import type { Store } from '../store/client.ts';
import { limitRate } from '../store/rate-limit.ts';
import type { MailSender } from './mail/ses.ts';
import { sendOptIn } from './opt-in.ts';
import { checkPublicUrl } from './public-target.ts';
import { challengeWebhook } from './webhook-verify.ts';

/** What subscribing to a brand's status needs, built once by the api function (or a test). */
export interface SubscribeContext {
  store: Store;
  now: () => Date;
  /** The outbound filter every stranger-supplied URL goes through (public-target.ts). */
  publicFetch: Fetch;
  /** Tests only (WECARE_ALLOW_PRIVATE_WEBHOOKS): http and private addresses pass the URL check. */
  allowPrivateWebhooks: boolean;
  subscriptions: SubscriptionDeps;
  /** SES and the sender identity (MAIL_FROM): opt-in mails. Absent, an e-mail subscribe answers 503. */
  mail?: MailSender;
}

/** An active webhook (its secret and unsubscribe token go back once), or an opt-in on its way. */
export type Subscription = { state: 'active'; subscriber: Subscriber; unsubscribeToken: string } | { state: 'pending'; subscriber: Subscriber };

/**
 * A status subscription from the public form. Per address at most 3 an hour (no mail or SMS
 * bombing of someone else); a webhook must be https on a public address, fit the brand's cap and
 * echo a signed challenge before it is kept; a phone must be in the brand's countries and budget.
 * E-mail and phone wait for their double opt-in (the token travels only in that message).
 */
export async function subscribeToStatus(ctx: SubscribeContext, brand: Brand, req: SubscribeRequest, language?: string): Promise<Subscription> {
  const type = kindOf(req);
  if (type === 'webhook') refuseUrl(checkPublicUrl(req.webhook!, ctx.allowPrivateWebhooks));
  if (type === 'phone') checkSmsCountry(brand, req.phone!);
  const address = req.email?.toLowerCase() ?? req.phone ?? req.webhook ?? '';
  await limitRate(ctx.store, 'subscribe-address', `${brand.id}:${address}`, 3, 3600, ctx.now());
  if (type === 'webhook' && (await countWebhooks(ctx.store, brand.id)) >= brand.subscribers.maxWebhooks) {
    throw new WecareError('conflict', `webhook: ${brand.id} has its maximum of ${brand.subscribers.maxWebhooks} webhook subscribers (subscribers.maxWebhooks)`);
  }
  if (type === 'phone') await takeSmsBudget(ctx.store, brand, ctx.now());
  const made = await subscribe(ctx.store, brand, req, ctx.now(), language);
  if (type === 'webhook') return verifyWebhook(ctx, made.subscriber, made.unsubscribeToken);
  await sendOptIn({ ...ctx.subscriptions, mail: ctx.mail }, brand, made.subscriber, { confirm: made.confirmToken, unsubscribe: made.unsubscribeToken }, ctx.now());
  return { state: 'pending', subscriber: made.subscriber };
}

/** The webhook must echo a signed challenge in time; otherwise it is not kept. */
async function verifyWebhook(ctx: SubscribeContext, subscriber: Subscriber, unsubscribeToken: string): Promise<Subscription> {
  const failed = await challengeWebhook(ctx.publicFetch, subscriber, ctx.now());
  if (failed) {
    await removeSubscriber(ctx.store, subscriber.brand, subscriber.id);
    throw new WecareError('bad_request', `webhook: ${failed}`);
  }
  await activateWebhook(ctx.store, subscriber.brand, subscriber.id);
  return { state: 'active', subscriber: { ...subscriber, state: 'active' }, unsubscribeToken };
}

/** The confirm or unsubscribe link's POST: the token is the proof. Idempotent. */
export async function useSubscriptionToken(ctx: SubscribeContext, brand: Brand, action: 'confirm' | 'unsubscribe', token: string): Promise<Subscriber> {
  const s = await useToken(ctx.store, brand.id, action, token);
  // A subscriber from the SNS-subscription days: its subscription ends with it.
  if (action === 'unsubscribe') await endSubscription(ctx.subscriptions, s.subscriptionArn);
  return s;
}

function refuseUrl(problem: string | undefined) {
  if (problem) throw new WecareError('bad_request', `webhook: ${problem}`);
}
