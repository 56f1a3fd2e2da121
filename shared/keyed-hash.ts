import { createHmac } from 'node:crypto';
import { secretWeakness } from './env.ts';

/**
 * Keyed hashes (HMAC-SHA256 with PRIVACY_HASH_KEY) for the ids wecare keeps of people: conversation
 * ids of WhatsApp threads (a phone number), the erasure record and the erased-author tombstone.
 * A bare sha256 of a phone number is reversed by hashing every number in a country; without the
 * key nobody can. The key is a secret (Secrets Manager in AWS, `.wecare/secrets.json` locally).
 */
export const PRIVACY_HASH_KEY = 'PRIVACY_HASH_KEY';
/** HMAC keys shorter than the hash are weaker than the hash: 32 bytes for SHA-256. */
export const MIN_PRIVACY_KEY_BYTES = 32;

let configured: { value: string; key: Buffer } | undefined;

/**
 * The key, checked (set, no placeholder, ≥ 32 bytes) with a line naming the variable, and kept for
 * keyedHash. The cold start of every function that hashes calls it with the env it parsed, so a
 * missing key fails the start, not a webhook at runtime.
 */
export function configurePrivacyHashKey(env: NodeJS.ProcessEnv): Buffer {
  const value = env[PRIVACY_HASH_KEY];
  if (configured && configured.value === value) return configured.key;
  if (value === undefined) throw new Error(`${PRIVACY_HASH_KEY} is not set: the keyed hash of personal ids needs it (32 bytes or more)`);
  const weakness = secretWeakness(PRIVACY_HASH_KEY, value);
  if (weakness) throw new Error(weakness);
  if (Buffer.byteLength(value, 'utf8') < MIN_PRIVACY_KEY_BYTES) throw new Error(`${PRIVACY_HASH_KEY} is ${Buffer.byteLength(value, 'utf8')} bytes: at least ${MIN_PRIVACY_KEY_BYTES} are required`);
  configured = { value, key: Buffer.from(value, 'utf8') };
  return configured.key;
}

/** HMAC-SHA256 of `value` under the configured privacy key, base64url; `purpose` keeps one use's hashes apart from another's. */
export function keyedHash(purpose: string, value: string): string {
  if (!configured) throw new Error(`${PRIVACY_HASH_KEY} is not configured: the function's cold start must call configurePrivacyHashKey`);
  return createHmac('sha256', configured.key).update(`${purpose}\0${value}`).digest('base64url');
}
