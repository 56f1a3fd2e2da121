import { type SNSClient, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { WecareError } from '../errors.ts';
import type { Store } from '../store/client.ts';
import * as subscribers from '../store/subscribers.ts';

/**
 * An address as a person would recognise it: e-mail case-insensitively (Jan@Example.NL is
 * jan@example.nl), a phone number without spaces, dashes or brackets.
 */
export function sameAddress(type: 'email' | 'phone', a: string, b: string): boolean {
  const norm = (v: string) => (type === 'email' ? v.trim().toLowerCase() : v.replace(/[\s().-]/g, ''));
  return norm(a) === norm(b);
}

/**
 * Ends every status subscription of an erased address in these brands: the SNS subscription that
 * mails or texts it is unsubscribed first (so SNS stops delivering), then the subscriber item goes.
 * An SNS failure fails the erasure (503): erasing again is harmless and finishes the job.
 */
export async function endStatusSubscriptions(
  deps: { store: Store; sns: SNSClient },
  brands: string[],
  type: 'email' | 'phone',
  address: string,
): Promise<{ subscribers: number; snsSubscriptions: number }> {
  const ended = { subscribers: 0, snsSubscriptions: 0 };
  for (const brand of brands) {
    for (const s of await subscribers.list(deps.store, brand)) {
      if (s.type !== type || typeof s.address !== 'string' || !sameAddress(type, s.address, address)) continue;
      if (typeof s.subscriptionArn === 'string' && s.subscriptionArn.startsWith('arn:')) {
        await deps.sns.send(new UnsubscribeCommand({ SubscriptionArn: s.subscriptionArn })).catch((e: Error) => {
          throw new WecareError('unavailable', `unsubscribing an erased ${type} from SNS failed, erase again later (${e.name})`);
        });
        ended.snsSubscriptions++;
      }
      await subscribers.remove(deps.store, brand, s.id);
      ended.subscribers++;
    }
  }
  return ended;
}
