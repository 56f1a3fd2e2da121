import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** Test secrets: the same shape the runtime reads, never the production ones. */
export const testSecrets = {
  xConsumerSecret: 'x-consumer-secret-test',
  metaAppSecret: 'meta-app-secret-test',
  metaVerifyToken: 'meta-verify-token-test',
  webhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  googlePushToken: 'google-push-token-test',
  trustpilotWebhookToken: 'trustpilot-token-test',
};

export const metaSignature = (body: string, secret = testSecrets.metaAppSecret) =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

export const xSignature = (body: string, secret = testSecrets.xConsumerSecret) =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('base64')}`;

export function standardHeaders(body: string, id: string, at = new Date(), secret = testSecrets.webhookSecret) {
  const signature = new Webhook(secret).sign(id, at, body);
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature };
}

/** A request init for each platform's POST, signed as the platform would sign it. */
export function signed(route: 'x' | 'meta' | 'google' | 'trustpilot' | 'generic', body: string, id = `msg_${Math.random().toString(36).slice(2)}`) {
  const json = { 'content-type': 'application/json' };
  switch (route) {
    case 'x':
      return { path: '/webhooks/x', init: { method: 'POST', body, headers: { ...json, 'x-twitter-webhooks-signature': xSignature(body) } } };
    case 'meta':
      return { path: '/webhooks/meta', init: { method: 'POST', body, headers: { ...json, 'x-hub-signature-256': metaSignature(body) } } };
    case 'google':
      return { path: `/webhooks/google?token=${testSecrets.googlePushToken}`, init: { method: 'POST', body, headers: json } };
    case 'trustpilot':
      return { path: `/webhooks/trustpilot?token=${testSecrets.trustpilotWebhookToken}`, init: { method: 'POST', body, headers: json } };
    case 'generic':
      return { path: '/webhooks/generic', init: { method: 'POST', body, headers: { ...json, ...standardHeaders(body, id) } } };
  }
}
