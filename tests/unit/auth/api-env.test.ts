import { describe, expect, it } from 'vitest';
import { functionEnv } from '../../../shared/env.ts';

const base = { MENTION_EVENTS_TOPIC_ARN: 'arn:a', STATUS_UPDATES_TOPIC_ARN: 'arn:b', PUBLIC_URL: 'https://x.test' };

describe('api env: sign-in settings', () => {
  it('no OIDC_ISSUER: no sign-in (only ADMIN_TOKEN and API tokens are accepted)', () => {
    expect(functionEnv('api', base).oidc).toBeUndefined();
  });

  it('OIDC_ISSUER with OIDC_AUDIENCE; the console client defaults to wecare-console', () => {
    expect(functionEnv('api', { ...base, OIDC_ISSUER: 'https://idp.test', OIDC_AUDIENCE: 'wecare-api' }).oidc).toEqual({ issuer: 'https://idp.test', audience: 'wecare-api', clientId: 'wecare-console' });
    expect(functionEnv('api', { ...base, OIDC_ISSUER: 'https://idp.test', OIDC_AUDIENCE: 'abc', OIDC_CLIENT_ID: 'abc' }).oidc?.clientId).toBe('abc');
  });

  it('OIDC_ISSUER without OIDC_AUDIENCE fails the start naming it', () => {
    expect(() => functionEnv('api', { ...base, OIDC_ISSUER: 'https://idp.test' })).toThrow('OIDC_AUDIENCE is not set');
  });

  it('other functions ignore the OIDC settings', () => {
    expect(functionEnv('triage', { MENTION_EVENTS_TOPIC_ARN: 'arn:a', OIDC_ISSUER: 'https://idp.test' }).oidc).toBeUndefined();
  });
});
