import { handle } from 'hono/aws-lambda';
import { createSns } from '../../shared/bus/clients.ts';
import { smsSender } from '../../shared/incidents/sms.ts';
import { loadBrands } from '../../shared/config/load.ts';
import { requireEnv, requireSecret } from '../../shared/env.ts';
import { createDynamo } from '../../shared/store/client.ts';
import { DEFAULT_TABLE } from '../../shared/store/table.ts';
import { createApiApp } from './app.ts';
import { clientAddressFor } from './client-address.ts';
import { loadSecrets } from '../../shared/secrets.ts';
import { privacyHashKey } from '../../shared/privacy/keyed-hash.ts';

// Secrets Manager values into the env before anything below reads it (a no-op locally).
await loadSecrets();
// Erasure writes keyed hashes (tombstones, the erasure record): a missing or weak key fails the start.
privacyHashKey();

// Cold start: clients, config and env once; a missing value fails here with a line naming it.
const sns = createSns();
export const app = createApiApp({
  store: { ddb: createDynamo(), table: process.env.TABLE_NAME ?? DEFAULT_TABLE },
  sns,
  sendSms: smsSender(sns),
  brands: loadBrands(),
  adminToken: requireSecret('ADMIN_TOKEN'),
  topics: { mentionEvents: requireEnv('MENTION_EVENTS_TOPIC_ARN'), statusUpdates: requireEnv('STATUS_UPDATES_TOPIC_ARN') },
  publicUrl: requireEnv('PUBLIC_URL'),
  now: () => new Date(),
  clientAddress: clientAddressFor(process.env.CLOUDFRONT_ORIGIN_SECRET || undefined),
  originSecret: process.env.CLOUDFRONT_ORIGIN_SECRET || undefined,
  // Tests only; never defaulted on, not in local mode either.
  allowPrivateWebhooks: process.env.WECARE_ALLOW_PRIVATE_WEBHOOKS === 'true',
});

export const handler = handle(app);
