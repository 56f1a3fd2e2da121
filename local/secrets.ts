import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const SECRET_NAMES = [
  'X_CONSUMER_SECRET',
  'META_APP_SECRET',
  'META_VERIFY_TOKEN',
  'WEBHOOK_SECRET',
  'GOOGLE_PUSH_TOKEN',
  'TRUSTPILOT_WEBHOOK_TOKEN',
  'ADMIN_TOKEN',
  'PRIVACY_HASH_KEY',
  'X_ACCESS_TOKEN',
  'META_PAGE_TOKEN',
  'GOOGLE_ACCESS_TOKEN',
  'TRUSTPILOT_ACCESS_TOKEN',
] as const;

/**
 * Local mode only, so not in SECRET_NAMES (which mirror the AWS secret groups): the password of the
 * local issuer's demo users (local/oidc/users.ts). In AWS people sign in through Cognito instead.
 */
export const LOCAL_ONLY_SECRETS = ['DEMO_PASSWORD'] as const;

/**
 * Local mode: secrets from the environment, otherwise generated once and kept in `.wecare/secrets.json`
 * so the webhook signatures a newcomer set up keep working across restarts.
 */
export function localSecrets(file: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const saved: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const secrets: Record<string, string> = {};
  for (const name of [...SECRET_NAMES, ...LOCAL_ONLY_SECRETS]) {
    secrets[name] = env[name] ?? saved[name] ?? generate(name);
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** 32 random bytes for every secret: comfortably above the 24-byte floor the cold start enforces. */
function generate(name: string): string {
  // Typed by a person on the sign-in page: 16 characters (96 bits) rather than 43.
  if (name === 'DEMO_PASSWORD') return randomBytes(12).toString('base64url');
  if (name === 'WEBHOOK_SECRET') return `whsec_${randomBytes(32).toString('base64')}`;
  return randomBytes(32).toString('base64url');
}
