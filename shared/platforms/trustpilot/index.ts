import type { PlatformAdapter } from '../adapter.ts';
import { trustpilotReply } from './reply.ts';
import { trustpilotWebhook } from './webhook.ts';

/** Trustpilot service reviews: one public company reply per review. */
export const trustpilot: PlatformAdapter = {
  platform: 'trustpilot',
  label: 'Trustpilot',
  inbound: trustpilotWebhook,
  rules: {
    answerable: true,
    privateOnly: false,
    privateChannel: { kind: 'none', why: 'reviews have no private channel' },
    addressByName: true,
  },
  reply: trustpilotReply,
  env: {
    inbound: ['TRUSTPILOT_WEBHOOK_TOKEN'],
    api: { name: 'trustpilot', baseUrl: 'TRUSTPILOT_API_URL', defaultUrl: 'https://api.trustpilot.com', token: 'TRUSTPILOT_ACCESS_TOKEN' },
    // The business user who signs replies (optional in the API).
    settings: ['TRUSTPILOT_BUSINESS_USER_ID'],
  },
};
