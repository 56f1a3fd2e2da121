import type { PlatformAdapter } from '../adapter.ts';
import { fetchGoogleReview } from './fetch.ts';
import { googleReply } from './reply.ts';
import { googleWebhook } from './webhook.ts';

/** Google Business Profile reviews: one public reply per review; notifications carry the review's name only. */
export const google: PlatformAdapter = {
  platform: 'google',
  label: 'Google',
  inbound: googleWebhook,
  rules: {
    answerable: true,
    privateOnly: false,
    privateChannel: { kind: 'none', why: 'reviews have no private channel' },
    addressByName: true,
    maxLength: 4096,
  },
  reply: googleReply,
  fetchText: (deps, m) => fetchGoogleReview(deps, m.externalId),
  env: {
    inbound: ['GOOGLE_PUSH_TOKEN'],
    api: { name: 'google', baseUrl: 'GOOGLE_BUSINESS_URL', defaultUrl: 'https://mybusiness.googleapis.com', token: 'GOOGLE_ACCESS_TOKEN' },
  },
};
