import type { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'hono';
import type { Principal } from '../../shared/auth/principal.ts';
import type { MailSender } from '../../shared/broadcast/mail/ses.ts';
import type { Fetch } from '../../shared/platforms/http.ts';
import type { ReplyDeps } from '../../shared/platforms/types.ts';
import type { ClientAddress } from './client-address.ts';
import type { Brands } from '../../shared/config/load.ts';
import type { Store } from '../../shared/store/client.ts';

/**
 * What every API route needs, built once at cold start (functions/api/handler.ts) or by a test,
 * and passed in: routes never create clients or read env themselves.
 */
export interface ApiContext {
  store: Store;
  sns: SNSClient;
  brands: Brands;
  /** ADMIN_TOKEN, the bootstrap credential: admin of every brand (functions/api/auth.ts). */
  adminToken: string;
  /** OIDC_ISSUER, OIDC_AUDIENCE, OIDC_CLIENT_ID (default `wecare-console`): where people sign in; absent, no JWT is accepted. */
  oidc?: { issuer: string; audience: string; clientId: string };
  /** Verifies a JWT access token into its Principal (shared/auth/jwt.ts createJwtVerifier, built when OIDC_ISSUER is set). */
  jwt?: { verify(token: string): Promise<Principal> };
  /** The console's session cookie (functions/api/routes/console.ts): its Principal, or undefined when there is none; tried last. */
  sessionPrincipal?: (c: Context) => Promise<Principal | undefined>;
  topics: { mentionEvents: string; statusUpdates: string };
  /** Public base URL of the status page, for links in replies and feeds. */
  publicUrl: string;
  now: () => Date;
  /** Platform URLs and tokens for the agent's replies (readReplyEnv at cold start) and the fetch they go through. */
  reply: ReplyDeps;
  /** Texts a phone (status subscriber opt-in): SNS in AWS, the recording sink locally. */
  sendSms?: (phone: string, text: string) => Promise<void>;
  /** SES v2 and the sender identity (MAIL_FROM, SES_CONFIGURATION_SET): opt-in mails to status subscribers. */
  mail?: MailSender;
  /** The real source of a request, for rate limits (client-address.ts); default: the socket or API Gateway's sourceIp. */
  clientAddress?: ClientAddress;
  /** CLOUDFRONT_ORIGIN_SECRET: when set, /status/* answers only requests carrying it in `x-origin-verify`. */
  originSecret?: string;
  /** WECARE_ALLOW_PRIVATE_WEBHOOKS=true, tests only: subscriber webhooks may be http and private/loopback. Never on by default. */
  allowPrivateWebhooks?: boolean;
  /** The outbound filter for subscriber URLs (public-target.ts); default: built from allowPrivateWebhooks. */
  publicFetch?: Fetch;
}
