import type { WebhookSecrets } from './platforms/types.ts';

/**
 * Environment read once at cold start. A missing secret fails the start with a line that names it,
 * so a misconfigured deploy never answers 500s to a platform at runtime.
 */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function webhookSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookSecrets {
  const webhookSecret = requireEnv('WEBHOOK_SECRET', env);
  if (!webhookSecret.startsWith('whsec_')) throw new Error('WEBHOOK_SECRET must start with whsec_ (Standard Webhooks)');
  return {
    xConsumerSecret: requireEnv('X_CONSUMER_SECRET', env),
    metaAppSecret: requireEnv('META_APP_SECRET', env),
    metaVerifyToken: requireEnv('META_VERIFY_TOKEN', env),
    webhookSecret,
    googlePushToken: requireEnv('GOOGLE_PUSH_TOKEN', env),
    trustpilotWebhookToken: requireEnv('TRUSTPILOT_WEBHOOK_TOKEN', env),
  };
}
