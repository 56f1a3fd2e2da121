import { Duration } from 'aws-cdk-lib';
import { join } from 'node:path';
import { Construct } from 'constructs';
import { PROJECT_ROOT } from '../paths.ts';
import type { Settings } from '../settings.ts';
import { grantSendMail } from './status-mail.ts';
import { WecareFunction } from './wecare-function.ts';
import { THROTTLES, type RouteDef, type WecareHttpApi } from './http-api.ts';
import type { CapabilityProps } from './ingest.ts';

const admin = (method: RouteDef['method'], path: string): RouteDef => ({ method, path, throttle: THROTTLES.admin, auth: 'bearer' });

/** The admin routes (README), each with its throttle; the catch-all keeps later admin routes reachable. */
export const ADMIN_ROUTES: RouteDef[] = [
  admin('GET', '/api/mentions'),
  admin('GET', '/api/mentions/{id}'),
  admin('POST', '/api/mentions/{id}/reply'),
  admin('POST', '/api/incidents'),
  admin('POST', '/api/incidents/{id}/updates'),
  admin('GET', '/api/incidents/{id}/deliveries'),
  admin('GET', '/api/metrics'),
  admin('ANY', '/api/{proxy+}'),
];

/** The console (sign-in redirect, OIDC callback, sign-out, the web app): the app checks the session. */
export const CONSOLE_ROUTES: RouteDef[] = [
  { method: 'GET', path: '/console', throttle: THROTTLES.admin, auth: 'session' },
  { method: 'ANY', path: '/console/{proxy+}', throttle: THROTTLES.admin, auth: 'session' },
];

/** The issuer whose JWT access tokens the api accepts, the audience (Cognito: the client id) and the console's client id. */
export interface OidcTrust {
  issuer: string;
  audience: string;
  /** OIDC_CLIENT_ID: the public client the console signs in with (the pool's `wecare-console` client id). */
  clientId: string;
}

/** Public status pages: HTML, Statuspage JSON, feeds (GET); subscribe and confirm forms (POST). */
export const STATUS_ROUTES: RouteDef[] = [
  { method: 'GET', path: '/status/{proxy+}', throttle: THROTTLES.status, auth: 'public' },
  { method: 'POST', path: '/status/{proxy+}', throttle: THROTTLES.publicWrite, auth: 'public' },
];

/**
 * The api function: the admin API and the public status routes, one hono app. It reads and writes the
 * table (mentions, incidents, deliveries), publishes incidents to status-updates and agent
 * replies to mention-events, posts agent replies to the platforms, and knows its public URL for
 * links in replies and feeds.
 */
export class ApiFunction extends Construct {
  readonly fn: WecareFunction;

  constructor(scope: Construct, id: string, props: CapabilityProps & { http: WecareHttpApi; platformUrls: Settings['platformUrls']; publicUrl: string; oidc: OidcTrust }) {
    super(scope, id);
    const { resources, http } = props;
    this.fn = new WecareFunction(this, 'Api', {
      name: 'api',
      description: 'wecare api: admin routes (bearer) and public status pages',
      configFile: props.configFile,
      memorySize: 1024,
      timeout: Duration.seconds(10),
      // Agent replies (POST /api/mentions/:id/reply) go to the platform from here: outbound tokens too.
      // The origin secret: /status/* answers only requests through CloudFront (x-origin-verify).
      // PRIVACY_HASH_KEY: erasure writes tombstones keyed like the ingest looks them up.
      secrets: [resources.secrets.admin, resources.secrets.outbound, resources.secrets.origin, resources.secrets.privacy],
      // The console's script and style sheet, read once at cold start beside the bundle (shared/console/assets.ts).
      packageFolders: { [join(PROJECT_ROOT, 'shared', 'console', 'assets')]: 'assets' },
    })
      .readsTable(resources.table)
      .writesTable(resources.table)
      .publishesTo(resources.topics.mentionEvents, 'mentionEvents')
      .publishesTo(resources.topics.statusUpdates, 'statusUpdates')
      .managesSubscriptions(resources.topics.statusUpdates)
      // Status links (replies, feeds, opt-in mails) point at the CloudFront distribution.
      .withEnvironment({ PUBLIC_URL: props.publicUrl, ...props.platformUrls })
      // Sign-in: JWT access tokens are verified against this issuer's JWKS (shared/auth); the
      // console (served at PUBLIC_URL through CloudFront) signs in as OIDC_CLIENT_ID.
      .withEnvironment({ OIDC_ISSUER: props.oidc.issuer, OIDC_AUDIENCE: props.oidc.audience, OIDC_CLIENT_ID: props.oidc.clientId });
    // Opt-in mails to status subscribers go out from here (SES, MAIL_FROM, the configuration set).
    grantSendMail(this.fn, resources.mail);
    http.add(this.fn, [...ADMIN_ROUTES, ...STATUS_ROUTES, ...CONSOLE_ROUTES]);
  }
}
