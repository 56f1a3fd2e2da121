import { handle } from 'hono/aws-lambda';
import { createSns } from '../../shared/bus/clients.ts';
import { smsSender } from '../../shared/incidents/sms.ts';
import { brandsFromEnv } from '../../shared/config/load.ts';
import { functionEnv, requireSecret } from '../../shared/env.ts';
import { readReplyEnv } from '../../shared/platforms/index.ts';
import { storeFromEnv } from '../../shared/store/client.ts';
import { createApiApp } from './app.ts';
import { clientAddressFor } from './client-address.ts';
import { loadSecrets } from '../../shared/secrets.ts';
import { configurePrivacyHashKey } from '../../shared/keyed-hash.ts';
import { createJwtVerifier } from '../../shared/auth/jwt.ts';
import { createSes } from '../../shared/broadcast/mail/ses.ts';

// Secrets Manager values into the env before anything below reads it (a no-op locally).
await loadSecrets();
// Erasure writes keyed hashes (tombstones, the erasure record): a missing or weak key fails the start.
configurePrivacyHashKey(process.env);

// Cold start: clients, config and env once; a missing value fails here with a line naming it.
const env = functionEnv('api');
const sns = createSns(env.aws.endpoints.sns, env.aws);
export const app = createApiApp({
  store: storeFromEnv(env),
  sns,
  sendSms: smsSender(sns, env.vars.SMS_API_URL),
  mail: { ses: createSes(env.aws.endpoints.ses, env.aws), fromAddress: env.mail!.from, configurationSet: env.mail!.configurationSet },
  brands: brandsFromEnv(env),
  adminToken: requireSecret('ADMIN_TOKEN'),
  // Sign-in (OIDC_ISSUER set): JWT access tokens checked against the issuer's keys, cached per cold start.
  oidc: env.oidc,
  jwt: env.oidc && createJwtVerifier({ issuer: env.oidc.issuer, audience: env.oidc.audience }),
  topics: { mentionEvents: env.topics.mentionEvents!, statusUpdates: env.topics.statusUpdates! },
  publicUrl: env.publicUrl!,
  now: () => new Date(),
  reply: { env: readReplyEnv(env.vars), fetch: globalThis.fetch },
  clientAddress: clientAddressFor(env.vars.CLOUDFRONT_ORIGIN_SECRET || undefined),
  originSecret: env.vars.CLOUDFRONT_ORIGIN_SECRET || undefined,
  // Tests only; never defaulted on, not in local mode either.
  allowPrivateWebhooks: env.vars.WECARE_ALLOW_PRIVATE_WEBHOOKS === 'true',
});

export const handler = handle(app);
