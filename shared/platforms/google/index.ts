import type { WebhookPlatform } from '../types.ts';
import { parseGoogle } from './parse.ts';
import { verifyGoogle } from './verify.ts';

/** Google Business Profile review notifications, delivered by a Pub/Sub push subscription. */
export const googleWebhook: WebhookPlatform = {
  route: 'google',
  verify: (req, secrets) => verifyGoogle(req, secrets),
  parse: parseGoogle,
};
