import type { WebhookPlatform } from '../types.ts';
import { parseTrustpilot } from './parse.ts';
import { verifyTrustpilot } from './verify.ts';

/** Trustpilot service review events: created, updated, deleted. */
export const trustpilotWebhook: WebhookPlatform = {
  route: 'trustpilot',
  accounts: { trustpilot: 'trustpilot' },
  secret: (s) => s.trustpilotWebhookToken,
  verify: (req, secrets) => verifyTrustpilot(req, secrets),
  parse: parseTrustpilot,
};
