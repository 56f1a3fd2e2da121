import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localSecrets, SECRET_NAMES } from '../../../local/secrets.ts';
import { requireSecret, secretWeakness, webhookSecretsFromEnv } from '../../../shared/env.ts';

const STRONG = 'k'.repeat(32);
const WHSEC = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const full = (over: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  X_CONSUMER_SECRET: STRONG,
  META_APP_SECRET: STRONG,
  META_VERIFY_TOKEN: STRONG,
  WEBHOOK_SECRET: WHSEC,
  GOOGLE_PUSH_TOKEN: STRONG,
  TRUSTPILOT_WEBHOOK_TOKEN: STRONG,
  ...over,
});

describe('item 5: placeholder and weak secrets fail the cold start, naming the variable', () => {
  it.each(['SET_ME', 'set_me', 'changeme', 'CHANGEME', ''])('refuses the placeholder %j', (value) => {
    expect(() => webhookSecretsFromEnv(full({ META_APP_SECRET: value }))).toThrow(/^META_APP_SECRET is a placeholder/);
  });

  it('refuses an inbound secret shorter than 24 bytes, in one line naming it', () => {
    expect(() => webhookSecretsFromEnv(full({ TRUSTPILOT_WEBHOOK_TOKEN: 'a'.repeat(23) }))).toThrow('TRUSTPILOT_WEBHOOK_TOKEN is 23 bytes: at least 24 are required');
    expect(() => webhookSecretsFromEnv(full({ TRUSTPILOT_WEBHOOK_TOKEN: 'a'.repeat(24) }))).not.toThrow();
  });

  it('measures WEBHOOK_SECRET by its decoded whsec_ key, not its text', () => {
    // 32 base64 characters, but only 16 key bytes (Standard Webhooks wants 24 to 64).
    const short = `whsec_${Buffer.alloc(16, 1).toString('base64')}`;
    expect(short.length - 'whsec_'.length).toBeGreaterThanOrEqual(24);
    expect(() => webhookSecretsFromEnv(full({ WEBHOOK_SECRET: short }))).toThrow('WEBHOOK_SECRET is 16 bytes: at least 24 are required');
    expect(() => webhookSecretsFromEnv(full({ WEBHOOK_SECRET: 'no-prefix-but-long-enough-to-pass' }))).toThrow(/WEBHOOK_SECRET must start with whsec_/);
    expect(() => webhookSecretsFromEnv(full({ WEBHOOK_SECRET: 'whsec_!!!!not*base64!!!!!!!!!!!!!!!!' }))).toThrow(/not base64/);
    expect(webhookSecretsFromEnv(full()).webhookSecret).toBe(WHSEC);
  });

  it('leaves an absent secret out (its route answers 404) instead of failing the start', () => {
    const { X_CONSUMER_SECRET: _x, ...env } = full();
    const secrets = webhookSecretsFromEnv(env);
    expect(secrets.xConsumerSecret).toBeUndefined();
    expect(secrets.metaAppSecret).toBe(STRONG);
    expect(webhookSecretsFromEnv({})).toEqual({ googlePush: undefined });
  });

  it('ADMIN_TOKEN: required, and never a placeholder or short', () => {
    expect(() => requireSecret('ADMIN_TOKEN', {})).toThrow('ADMIN_TOKEN is not set');
    expect(() => requireSecret('ADMIN_TOKEN', { ADMIN_TOKEN: 'SET_ME' })).toThrow(/^ADMIN_TOKEN is a placeholder/);
    expect(() => requireSecret('ADMIN_TOKEN', { ADMIN_TOKEN: 'admin' })).toThrow('ADMIN_TOKEN is 5 bytes: at least 24 are required');
    expect(requireSecret('ADMIN_TOKEN', { ADMIN_TOKEN: STRONG })).toBe(STRONG);
  });

  it('secretWeakness is the one judge other secrets reuse', () => {
    expect(secretWeakness('PRIVACY_HASH_KEY', 'changeme')).toMatch(/PRIVACY_HASH_KEY is a placeholder/);
    expect(secretWeakness('PRIVACY_HASH_KEY', STRONG)).toBeUndefined();
  });

  it('local mode generates 32 bytes or more for every secret, all accepted at cold start', () => {
    const generated = localSecrets(join(mkdtempSync(join(tmpdir(), 'wecare-secrets-')), 'secrets.json'), {});
    for (const name of SECRET_NAMES) {
      const value = generated[name]!;
      const bytes = name === 'WEBHOOK_SECRET' ? Buffer.from(value.slice('whsec_'.length), 'base64').length : Buffer.byteLength(value);
      expect(bytes, name).toBeGreaterThanOrEqual(32);
      expect(secretWeakness(name, value), name).toBeUndefined();
    }
    expect(() => webhookSecretsFromEnv(generated)).not.toThrow();
  });
});
