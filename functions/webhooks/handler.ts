import { handle } from 'hono/aws-lambda';
import { loadBrands } from '../../shared/config/load.ts';
import { webhookSecretsFromEnv } from '../../shared/env.ts';
import { createDynamo } from '../../shared/store/client.ts';
import { DEFAULT_TABLE } from '../../shared/store/table.ts';
import { createWebhookApp } from './app.ts';
import { loadSecrets } from '../../shared/secrets.ts';
import { privacyHashKey } from '../../shared/privacy/keyed-hash.ts';

// Secrets Manager values into the env before anything below reads it (a no-op locally).
await loadSecrets();
// Conversation ids and erasure tombstones are keyed hashes: a missing or weak key fails the start.
privacyHashKey();

// Cold start: clients, config and secrets once; a bad value fails here with a line naming it.
export const app = createWebhookApp({
  store: { ddb: createDynamo(), table: process.env.TABLE_NAME ?? DEFAULT_TABLE },
  brands: loadBrands(),
  secrets: webhookSecretsFromEnv(),
  now: () => new Date(),
});

export const handler = handle(app);
