import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { MentionDraft, PlatformEvent } from '../../../shared/mention.ts';
import type { InboundWebhook, WebhookSecrets } from '../../../shared/platforms/types.ts';

export const SHARED_FIXTURES = new URL('../../../../shared/fixtures/', import.meta.url);
export const OWN_FIXTURES = new URL('../../fixtures/', import.meta.url);

export const sharedFixture = (path: string) => readFileSync(new URL(path, SHARED_FIXTURES), 'utf8');
export const ownFixture = (path: string) => readFileSync(new URL(path, OWN_FIXTURES), 'utf8');

export const secrets = {
  xConsumerSecret: 'x-consumer-secret-for-tests',
  metaAppSecret: 'meta-app-secret-for-tests',
  metaVerifyToken: 'meta-verify-token',
  webhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  googlePushToken: 'google-push-token',
  trustpilotWebhookToken: 'trustpilot-token',
} satisfies WebhookSecrets;

export const NOW = new Date('2024-03-15T12:00:00Z');

/** A request as the route hands it over; header names are case-insensitive as in HTTP. */
export function inbound(rawBody: string, headers: Record<string, string> = {}, query: Record<string, string> = {}): InboundWebhook {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { rawBody, header: (n) => lower[n.toLowerCase()], query: (n) => query[n] };
}

export const metaSignature = (body: string, secret = secrets.metaAppSecret) =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
export const xSignature = (body: string, secret = secrets.xConsumerSecret) =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('base64')}`;

export const mentions = (events: PlatformEvent[]): MentionDraft[] =>
  events.flatMap((e) => (e.type === 'mention' ? [e.draft] : []));

/** Exactly one mention event, returned for further checks. */
export function onlyMention(events: PlatformEvent[]): MentionDraft {
  expect(events).toHaveLength(1);
  expect(events[0]?.type).toBe('mention');
  return mentions(events)[0]!;
}

/** Runs `fn` and returns the WecareError it throws, failing the test when it does not. */
export function thrown(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected an error, none was thrown');
}
