import { type SNSClient, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { WecareError } from '../errors.ts';

/**
 * E-mail and phone subscribers are ours: the broadcast mails them through SES and texts them
 * through SNS Publish to the number (shared/broadcast/contacts.ts), each send claimed once. Before
 * that, SNS subscriptions on `status-updates` delivered the raw event; a subscriber from those days
 * still has its `subscriptionArn`, which unsubscribe and erasure end here.
 */
export interface SubscriptionDeps {
  sns: SNSClient;
  statusUpdatesTopic: string;
  publicUrl: string;
  /** Sends one text message (SNS Publish to a phone number in AWS; the recording sink locally). */
  sendSms?: (phone: string, text: string) => Promise<void>;
}

export async function endSubscription(deps: SubscriptionDeps, subscriptionArn: string | undefined): Promise<void> {
  // An e-mail subscription still waiting for its confirmation has no ARN yet; SNS drops it after 3 days.
  if (!subscriptionArn?.startsWith('arn:')) return;
  await deps.sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn })).catch((e: Error) => {
    throw new WecareError('unavailable', `unsubscribe failed, retry later (${e.name})`);
  });
}
