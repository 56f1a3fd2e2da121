import type { WebhookPlatform } from '../types.ts';
import { parseGeneric } from './parse.ts';
import { verifyGeneric } from './verify.ts';

/** Any other source (app stores, e-mail, forms) posting a mention, signed per Standard Webhooks. */
export const genericWebhook: WebhookPlatform = {
  route: 'generic',
  accounts: {},
  secret: (s) => s.webhookSecret,
  verify: verifyGeneric,
  parse: parseGeneric,
};
