import { Lazy, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

export interface Throttle {
  rate: number;
  burst: number;
}

/**
 * Per-route throttles (requests/s, burst), each route its own bucket, so no flood on /status/* or
 * /api/* can use up what the webhook routes get. Webhooks absorb platform bursts (Meta batches, X
 * replays); admin is a handful of agents; status pages, the console and /api/* sit behind
 * CloudFront, which caches status GETs and whose web ACL limits every viewer IP (EdgeWafStack), so
 * these are the origin's ceilings, shared by all clients: per client, the WAF and the app's own
 * limits (subscribe: 10/min per client) decide.
 */
export const THROTTLES = {
  webhook: { rate: 200, burst: 400 },
  admin: { rate: 20, burst: 40 },
  status: { rate: 100, burst: 200 },
  publicWrite: { rate: 20, burst: 40 },
} as const satisfies Record<string, Throttle>;

/** Who checks the caller on a route: the platform signature or bearer token is verified in the app. */
export type RouteAuth = 'signature' | 'bearer' | 'public' | 'session';

export interface RouteDef {
  method: 'GET' | 'POST' | 'ANY';
  path: string;
  throttle: Throttle;
  auth: RouteAuth;
}

/**
 * The one HTTP API of wecare. Routes are explicit (the README's routes) so each gets its own
 * throttle and an unknown path is a 404 at the edge without invoking anything.
 *
 * Payload limit: HTTP APIs have a fixed 10 MB request limit and no WAF, so the contract's 1 MiB
 * limit (413) is enforced by the apps themselves (hono bodyLimit, functions/adapters/errors.ts).
 *
 * Auth: no Lambda authorizer. Webhooks verify platform signatures on the raw body; /api/* checks
 * `Authorization: Bearer ADMIN_TOKEN` in the api app in constant time. An authorizer would add a
 * second cold start and an invoke per request for the same comparison, and API Gateway's JWT
 * authorizer cannot check a static token.
 */
export class WecareHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly routes: Array<RouteDef & { key: string; fn: IFunction }> = [];
  private readonly integrations = new Map<IFunction, HttpLambdaIntegration>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'wecare: webhooks, admin API, public status pages',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // The default applies to anything without its own setting below.
      throttle: { rateLimit: THROTTLES.admin.rate, burstLimit: THROTTLES.admin.burst },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            length: '$context.responseLength',
          }),
        ),
      },
    });
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    // Lazy: routes are added after the stage, by each capability.
    cfnStage.routeSettings = Lazy.any({
      produce: () =>
        Object.fromEntries(this.routes.map((r) => [r.key, { ThrottlingRateLimit: r.throttle.rate, ThrottlingBurstLimit: r.throttle.burst }])),
    });
  }

  /** Adds routes served by `fn`; the same function shares one integration. */
  add(fn: IFunction, defs: RouteDef[]): void {
    let integration = this.integrations.get(fn);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${fn.node.id}Integration`, fn);
      this.integrations.set(fn, integration);
    }
    for (const def of defs) {
      const key = `${def.method} ${def.path}`;
      if (this.routes.some((r) => r.key === key)) throw new Error(`route ${key} is declared twice`);
      const [route] = this.api.addRoutes({ path: def.path, methods: [apigw.HttpMethod[def.method]], integration });
      // Route settings name routes by key: the stage must come after the routes it configures.
      this.stage.node.addDependency(route!);
      this.routes.push({ ...def, key, fn });
      acknowledge(
        route!,
        'AwsSolutions-APIG4',
        def.auth === 'signature'
          ? 'Webhook route: platforms cannot send IAM/JWT auth; the webhooks app verifies the platform signature on the raw body (HMAC, Standard Webhooks, push token) before parsing.'
          : def.auth === 'bearer'
            ? 'Admin route: the api app verifies the bearer (an OIDC access token against the issuer JWKS, an API token or ADMIN_TOKEN); an authorizer would cost a second invoke per request for the same check.'
            : def.auth === 'session'
              ? 'Console route: sign-in redirects to the OIDC issuer; the api app checks the session cookie (and CSRF on changes) itself, the callback must be reachable without one.'
              : 'Public status page route: status pages, feeds and subscribe forms are public by design.',
      );
    }
  }

  get url(): string {
    return this.api.apiEndpoint;
  }
}
