import type { WebhookPlatform } from '../types.ts';
import { parseMeta } from './parse.ts';
import { verifyMeta } from './verify.ts';

export { metaVerifyChallenge } from './verify.ts';

/** Meta Graph webhooks: Facebook Page feed/mention/ratings, Messenger, Instagram, WhatsApp Cloud. */
export const metaWebhook: WebhookPlatform = {
  route: 'meta',
  accounts: { facebook: 'facebook', messenger: 'facebook', instagram: 'instagram', whatsapp: 'whatsapp' },
  secret: (s) => s.metaAppSecret,
  verify: (req, secrets) => verifyMeta(req, secrets),
  parse: parseMeta,
};
