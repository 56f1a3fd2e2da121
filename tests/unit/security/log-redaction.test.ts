import { describe, expect, it, vi } from 'vitest';
import { createLogger, redact } from '../../../shared/log.ts';

describe('logs carry no personal data or secrets', () => {
  it('redacts personal and secret keys at any depth, and addresses, numbers and tokens in free text', () => {
    const out = JSON.stringify(
      redact({
        mention: { id: 'x-1', text: 'Bel me op 06-12345678', author: { id: 'u1', name: 'Sanne' } },
        headers: { authorization: 'Bearer abc', 'x-hub-signature-256': 'sha256=ff' },
        error: new Error('subscriber sanne@example.nl failed with Bearer eyJhbGciOi'),
        secret: 'whsec_abc',
        note: 'call +31 6 1234 5678',
      }),
    );
    for (const leak of ['06-12345678', 'Sanne', 'sanne@example.nl', 'eyJhbGciOi', 'whsec_abc', 'sha256=ff', '+31 6 1234 5678']) expect(out).not.toContain(leak);
    expect(out).toContain('x-1');
  });

  it('the Powertools logger prints the redacted line', () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    const info = vi.spyOn(console, 'info').mockImplementation((l: string) => void lines.push(l));
    try {
      createLogger('test').info('reply failed for jan@example.com', { recipient: 'jan@example.com', mentionId: 'm-9' });
    } finally {
      spy.mockRestore();
      info.mockRestore();
    }
    const printed = lines.join('');
    expect(printed).toContain('m-9');
    expect(printed).not.toContain('jan@example.com');
  });
});

describe('log keys are matched by pattern, not by exact name', () => {
  const redacted = [
    'accessToken', 'access_token', 'X_ACCESS_TOKEN', 'unsubscribeToken', 'confirmToken', 'crc_token', 'hub.verify_token', 'refreshToken',
    'x-twitter-webhooks-signature', 'x-hub-signature-256', 'webhook-signature', 'X-Hub-Signature',
    'secret', 'clientSecret', 'META_APP_SECRET', 'password', 'db_password', 'cookie', 'set-cookie', 'authorization', 'Proxy-Authorization',
    'x-api-key', 'apiKey', 'PRIVACY_HASH_KEY', 'privateKey', 'credentials', 'webhookUrl',
    'screen_name', 'displayName', 'name', 'username', 'first_name', 'authorName', 'profileName',
    'from', 'to', 'wa_id', 'phone_number', 'display_phone_number', 'email_address', 'emailAddress', 'address',
    'text', 'originalText', 'message_text', 'body', 'rawBody', 'requestBody', 'caption', 'author', 'handle', 'recipient',
    'x-forwarded-for', 'sourceIp', 'cloudfront-viewer-address',
  ];
  const kept = [
    'tokenCount', 'token_count', 'maxTokens', 'tokenType', 'signatureLength',
    'mentionId', 'authorId', 'brand', 'platform', 'eventID', 'status', 'serviceName', 'tableName', 'eventName', 'templateName',
    'context', 'handler', 'slaDueAt', 'error', 'code', 'metric', 'path', 'failed',
  ];
  it.each(redacted)('redacts %s', (key) => {
    expect(JSON.stringify(redact({ [key]: 'leak-value' }))).not.toContain('leak-value');
    expect(JSON.stringify(redact({ nested: { deeper: [{ [key]: 'leak-value' }] } }))).not.toContain('leak-value');
  });
  it.each(kept)('keeps %s', (key) => {
    expect(redact({ [key]: 'kept-value' })).toEqual({ [key]: 'kept-value' });
  });
});
