import { handle } from 'hono/aws-lambda';
import { brandsFromEnv } from '../../shared/config/load.ts';
import { functionEnv, webhookSecretsFromEnv } from '../../shared/env.ts';
import { storeFromEnv } from '../../shared/store/client.ts';
import { createWebhookApp } from './app.ts';
import { loadSecrets } from '../../shared/secrets.ts';
import { configurePrivacyHashKey } from '../../shared/keyed-hash.ts';

// Secrets Manager values into the env before anything below reads it (a no-op locally).
await loadSecrets();
// Conversation ids and erasure tombstones are keyed hashes: a missing or weak key fails the start.
configurePrivacyHashKey(process.env);

// Cold start: clients, config and secrets once; a bad value fails here with a line naming it.
const env = functionEnv('webhooks');
export const app = createWebhookApp({
  store: storeFromEnv(env),
  brands: brandsFromEnv(env),
  secrets: webhookSecretsFromEnv(env.vars),
  now: () => new Date(),
});

export const handler = handle(app);
