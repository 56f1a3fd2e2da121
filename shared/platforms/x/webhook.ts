import type { WebhookPlatform } from '../types.ts';
import { parseX } from './parse.ts';
import { verifyX } from './verify.ts';

export { xCrcResponse } from './verify.ts';

/** X Account Activity API: tweets, replies, mentions and DMs of the brand's subscribed accounts. */
export const xWebhook: WebhookPlatform = {
  route: 'x',
  accounts: { x: 'x' },
  secret: (s) => s.xConsumerSecret,
  verify: (req, secrets) => verifyX(req, secrets),
  parse: parseX,
};
