/**
 * The platforms' inbound secrets, read once at cold start (webhookSecretsFromEnv below). An absent
 * one switches its platform's routes off (404): nothing is ever checked against a missing secret.
 */
export interface WebhookSecrets {
  xConsumerSecret?: string;
  metaAppSecret?: string;
  metaVerifyToken?: string;
  /** Standard Webhooks secret, `whsec_…`. */
  webhookSecret?: string;
  googlePushToken?: string;
  trustpilotWebhookToken?: string;
  /** Pub/Sub push OIDC check, on when GOOGLE_PUSH_AUDIENCE is set. */
  googlePush?: { audience: string; serviceAccount: string; jwksUrl: string };
}

/**
 * Environment read once at cold start. A missing secret fails the start with a line that names it,
 * so a misconfigured deploy never answers 500s to a platform at runtime.
 */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** Standard Webhooks keys are 24-64 random bytes; anything an attacker can guess in a day is shorter. */
export const MIN_SECRET_BYTES = 24;
/** What templates and tutorials seed; compared case-insensitively, after trimming. */
const PLACEHOLDERS = new Set(['', 'set_me', 'setme', 'changeme', 'change_me', 'change-me', 'todo', 'secret', 'placeholder']);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Why a secret value must not authenticate anything, or undefined when it may. Exported so every
 * secret wecare holds (inbound tokens, HMAC keys, ADMIN_TOKEN, PRIVACY_HASH_KEY) is judged alike.
 */
export function secretWeakness(name: string, value: string): string | undefined {
  if (PLACEHOLDERS.has(value.trim().toLowerCase())) return `${name} is a placeholder ("${value}"): set the real secret or remove the variable`;
  const bytes = keyBytes(name, value);
  if (typeof bytes === 'string') return bytes;
  if (bytes < MIN_SECRET_BYTES) return `${name} is ${bytes} bytes: at least ${MIN_SECRET_BYTES} are required`;
  return undefined;
}

/** The key length that matters: a whsec_ secret's decoded key, else the UTF-8 bytes HMAC uses. */
function keyBytes(name: string, value: string): number | string {
  if (name !== 'WEBHOOK_SECRET') return Buffer.byteLength(value, 'utf8');
  if (!value.startsWith('whsec_')) return 'WEBHOOK_SECRET must start with whsec_ (Standard Webhooks)';
  const key = value.slice('whsec_'.length);
  if (!BASE64.test(key)) return 'WEBHOOK_SECRET: the key after whsec_ is not base64';
  return Buffer.from(key, 'base64').length;
}

/** A secret that must be set and strong (ADMIN_TOKEN): a placeholder or short value fails the start. */
export function requireSecret(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  const weakness = secretWeakness(name, value);
  if (weakness) throw new Error(weakness);
  return value;
}

/** A secret that may be absent (that platform is then switched off), but never weak when present. */
export function optionalSecret(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const weakness = secretWeakness(name, value);
  if (weakness) throw new Error(weakness);
  return value;
}

/**
 * Each platform's inbound secret. An absent one switches that platform's route off (404); a
 * placeholder or a short one fails the cold start, so `SET_ME` never authenticates a request.
 */
export function webhookSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookSecrets {
  return {
    xConsumerSecret: optionalSecret('X_CONSUMER_SECRET', env),
    metaAppSecret: optionalSecret('META_APP_SECRET', env),
    metaVerifyToken: optionalSecret('META_VERIFY_TOKEN', env),
    webhookSecret: optionalSecret('WEBHOOK_SECRET', env),
    googlePushToken: optionalSecret('GOOGLE_PUSH_TOKEN', env),
    trustpilotWebhookToken: optionalSecret('TRUSTPILOT_WEBHOOK_TOKEN', env),
    googlePush: googlePushFromEnv(env),
  };
}

/**
 * Pub/Sub push OIDC settings. The audience turns the JWT check on; it then needs the service account
 * the subscription pushes as. GOOGLE_JWKS_URL only replaces Google's keys (offline tests).
 */
function googlePushFromEnv(env: NodeJS.ProcessEnv): WebhookSecrets['googlePush'] {
  const audience = env.GOOGLE_PUSH_AUDIENCE;
  if (!audience) return undefined;
  const serviceAccount = env.GOOGLE_PUSH_SERVICE_ACCOUNT;
  if (!serviceAccount) throw new Error('GOOGLE_PUSH_SERVICE_ACCOUNT is not set: required with GOOGLE_PUSH_AUDIENCE');
  return { audience, serviceAccount, jwksUrl: env.GOOGLE_JWKS_URL || GOOGLE_JWKS_URL };
}

export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
