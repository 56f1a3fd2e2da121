import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configurePrivacyHashKey, keyedHash } from '../../../shared/keyed-hash.ts';

const env = (value?: string) => (value === undefined ? {} : { PRIVACY_HASH_KEY: value }) as NodeJS.ProcessEnv;
const STRONG = 'k'.repeat(32);

describe('PRIVACY_HASH_KEY', () => {
  it.each([
    [undefined, /PRIVACY_HASH_KEY is not set/],
    ['SET_ME', /PRIVACY_HASH_KEY is a placeholder/],
    ['changeme', /PRIVACY_HASH_KEY is a placeholder/],
    ['x'.repeat(24), /PRIVACY_HASH_KEY is 24 bytes: at least 32/],
  ])('refuses %j with a line naming the variable', (value, message) => {
    expect(() => configurePrivacyHashKey(env(value))).toThrow(message);
  });

  it('keys the hash: not a bare sha256, and another key gives another hash', () => {
    const phone = '31612345678';
    configurePrivacyHashKey(env(STRONG));
    const a = keyedHash('conversation', phone);
    expect(a).not.toBe(createHash('sha256').update(phone).digest('base64url'));
    expect(a).not.toBe(createHash('sha256').update(`conversation\0${phone}`).digest('base64url'));
    expect(keyedHash('erasure', phone)).not.toBe(a);
    configurePrivacyHashKey(env('m'.repeat(32)));
    expect(keyedHash('conversation', phone)).not.toBe(a);
  });
});
