import type { PlatformAdapter } from '../adapter.ts';
import { genericWebhook } from './webhook.ts';

/**
 * Any other source (app stores, e-mail, forms) posting mentions, under a name of its own: wecare
 * stores and triages them but never answers there, so it has no reply client and no API.
 */
export const generic: PlatformAdapter = {
  platform: 'generic',
  label: 'generic source',
  inbound: genericWebhook,
  rules: { answerable: false, privateOnly: false, privateChannel: { kind: 'none', why: 'wecare does not answer there' }, addressByName: false },
  env: { inbound: ['WEBHOOK_SECRET'] },
};
