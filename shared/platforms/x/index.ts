import type { PlatformAdapter } from '../adapter.ts';
import { X_MAX_LENGTH, xStatusPost } from './post.ts';
import { xReply } from './reply.ts';
import { xWebhook } from './webhook.ts';

/** X: public replies under the post, DMs at any time (no customer-service window), status posts. */
export const x: PlatformAdapter = {
  platform: 'x',
  label: 'X',
  inbound: xWebhook,
  rules: {
    answerable: true,
    privateOnly: false,
    privateChannel: { kind: 'dm' },
    // Display names on X are rarely real names and the reply already shows the @handle.
    addressByName: false,
    maxLength: X_MAX_LENGTH,
  },
  reply: xReply,
  statusPost: xStatusPost,
  env: {
    inbound: ['X_CONSUMER_SECRET'],
    api: { name: 'x', baseUrl: 'X_API_URL', defaultUrl: 'https://api.x.com', token: 'X_ACCESS_TOKEN' },
  },
};
