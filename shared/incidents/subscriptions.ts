import { type SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import type { Brand } from '../config/brand.ts';
import { WecareError } from '../errors.ts';
import type { Subscriber } from './subscribers.ts';

/**
 * E-mail and SMS status subscribers are SNS subscriptions on `status-updates`, filtered on the
 * brand (and components): SNS delivers every update itself. Double opt-in:
 * - e-mail: the SNS subscription is made at once; SNS sends its own confirmation mail and delivers
 *   nothing until it is clicked, and every mail carries SNS's unsubscribe link.
 * - phone: SNS does not confirm SMS subscriptions, so we text a confirm link first and subscribe
 *   only when it comes back.
 * Our unsubscribe token removes the SNS subscription in both cases.
 */
export interface SubscriptionDeps {
  sns: SNSClient;
  statusUpdatesTopic: string;
  publicUrl: string;
  /** Sends one text message (SNS Publish to a phone number in AWS; the recording sink locally). */
  sendSms?: (phone: string, text: string) => Promise<void>;
}

export async function startOptIn(
  deps: SubscriptionDeps,
  brand: Brand,
  s: Subscriber,
  tokens: { confirm?: string; unsubscribe: string },
): Promise<string | undefined> {
  if (s.type === 'email') return snsSubscribe(deps, brand, s);
  if (s.type === 'phone') {
    if (!deps.sendSms) throw new WecareError('unavailable', 'phone: no SMS sender is configured');
    const link = (path: string, token = '') => `${deps.publicUrl}/status/${brand.id}/${path}?token=${encodeURIComponent(token)}`;
    await deps.sendSms(
      s.address,
      `${brand.name}: bevestig je statusmeldingen / confirm status alerts: ${link('subscribe/confirm', tokens.confirm)} — stop: ${link('unsubscribe', tokens.unsubscribe)}`,
    );
  }
  return undefined;
}

/** After the phone's confirm link came back: now SNS may text it every update. */
export const activatePhone = (deps: SubscriptionDeps, brand: Brand, s: Subscriber) => snsSubscribe(deps, brand, s);

export async function endSubscription(deps: SubscriptionDeps, subscriptionArn: string | undefined): Promise<void> {
  // An e-mail subscription still waiting for its confirmation has no ARN yet; SNS drops it after 3 days.
  if (!subscriptionArn?.startsWith('arn:')) return;
  await deps.sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn })).catch((e: Error) => {
    throw new WecareError('unavailable', `unsubscribe failed, retry later (${e.name})`);
  });
}

async function snsSubscribe(deps: SubscriptionDeps, brand: Brand, s: Subscriber): Promise<string | undefined> {
  const FilterPolicy = JSON.stringify({ brand: [brand.id], ...(s.components?.length ? { components: s.components } : {}) });
  try {
    const out = await deps.sns.send(
      new SubscribeCommand({
        TopicArn: deps.statusUpdatesTopic,
        Protocol: s.type === 'email' ? 'email' : 'sms',
        Endpoint: s.address,
        Attributes: { FilterPolicy, FilterPolicyScope: 'MessageAttributes' },
        ReturnSubscriptionArn: true,
      }),
    );
    return out.SubscriptionArn;
  } catch (e) {
    throw new WecareError('unavailable', `subscribing ${s.type} failed, retry later (${(e as Error).name})`);
  }
}
