import type { WebhookPlatform } from '../types.ts';
import { parseGoogle } from './parse.ts';
import { verifyGoogle } from './verify.ts';

/** Google Business Profile review notifications, delivered by a Pub/Sub push subscription. */
export const googleWebhook: WebhookPlatform = {
  route: 'google',
  accounts: { google: 'google' },
  secret: (s) => s.googlePushToken,
  verify: verifyGoogle,
  parse: parseGoogle,
};
