import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { EDGE_REGION } from '../edge-waf-stack.ts';
import { acknowledge } from '../nag.ts';
import { ORIGIN_SECRET_KEY } from './secrets.ts';
import { sdkCall } from './sdk-calls.ts';
import type { WecareHttpApi } from './http-api.ts';

/** The header CloudFront adds to every origin request; the api answers /status/* only with it. */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';
/** The viewer's address and port as CloudFront saw the connection: the key of the per-client limits. */
export const VIEWER_ADDRESS_HEADER = 'CloudFront-Viewer-Address';
/** Status routes that change state: never cached, every method passes, with the query (token). */
export const UNCACHED_PATHS = ['/status/*/subscribe*', '/status/*/unsubscribe*'] as const;
/**
 * The console (sign-in, callback, sign-out, page) and the admin API it calls with its session cookie
 * and `x-csrf-token`: served at PUBLIC_URL, never cached, every method, every viewer header
 * (Authorization too), cookie and query string. Webhooks stay off CloudFront.
 */
export const APP_PATHS = ['/console', '/console/*', '/api/*'] as const;

export interface StatusCdnProps {
  http: WecareHttpApi;
  /** The secret whose JSON key CLOUDFRONT_ORIGIN_SECRET is the origin header's value. */
  originSecret: ISecret;
  /** SSM parameter in us-east-1 holding the web ACL ARN (EdgeWafStack). */
  webAclParameter: string;
}

/**
 * CloudFront in front of the public status pages, the console and `/api/*` (one origin: the HTTP
 * API). Status GETs are cached on what the pages vary on (Accept-Language, `?lang=`) for as long as
 * the api's Cache-Control says (ETag revalidation is CloudFront's); subscribe, confirm and
 * unsubscribe pass uncached with their method and query; the console and `/api/*` pass uncached
 * with everything the viewer sent but the Host header. Every origin request carries the viewer's
 * address and the origin secret header; the web ACL (us-east-1) limits each IP and blocks every
 * other path.
 */
export class StatusCdn extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly viewerRequests: cloudfront.OriginRequestPolicy;

  constructor(scope: Construct, id: string, props: StatusCdnProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const origin = new origins.HttpOrigin(`${props.http.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      // A {{resolve:secretsmanager:…}} reference: CloudFormation fills it in, the template never holds it.
      customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originSecret.secretValueFromJson(ORIGIN_SECRET_KEY).unsafeUnwrap() },
    });
    const pages = new cloudfront.CachePolicy(this, 'Pages', {
      comment: 'wecare status pages: keyed on language, TTL from the origin Cache-Control',
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Accept-Language'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.allowList('lang'),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      // Nothing is cached the origin did not mark cacheable; stale-if-error may serve a day-old page.
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.viewerRequests = new cloudfront.OriginRequestPolicy(this, 'ViewerRequests', {
      comment: 'wecare status: the viewer address, the query (tokens, lang), form and language headers',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(VIEWER_ADDRESS_HEADER, 'Accept-Language', 'Content-Type', 'Origin', 'Referer'),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });
    const cachedPages = new cloudfront.OriginRequestPolicy(this, 'CachedViewerRequests', {
      comment: 'wecare status pages (cached): the viewer address of the request that missed',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(VIEWER_ADDRESS_HEADER),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.none(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });
    const writes: cloudfront.BehaviorOptions = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: this.viewerRequests,
    };
    // Sessions and bearers: nothing cached, and the managed AllViewerExceptHostHeader policy, the one
    // way to pass Authorization without putting it in a cache key. It forwards every viewer header,
    // cookie (wecare_session, wecare_signin) and query string, and CloudFront's own headers
    // (CloudFront-Viewer-Address among them), but not Host: API Gateway routes on its own host name.
    const app = (viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'wecare public status pages, console and /api/*',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        cachePolicy: pages,
        originRequestPolicy: cachedPages,
        compress: true,
      },
      additionalBehaviors: {
        ...Object.fromEntries(UNCACHED_PATHS.map((p) => [p, writes])),
        // A browser typing http:// is sent on to https; an API client over http gets 403, not a redirect it would follow with its bearer.
        ...Object.fromEntries(
          APP_PATHS.map((p) => [p, app(p.startsWith('/api/') ? cloudfront.ViewerProtocolPolicy.HTTPS_ONLY : cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS)]),
        ),
      },
      webAclId: webAclArn(this, props.webAclParameter),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
    });
    acknowledgeDistribution(this.distribution);
  }

  /** `https://<id>.cloudfront.net`: PUBLIC_URL, the base of every status link and of the console. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}

/** The web ACL's ARN, read from its SSM parameter in us-east-1 at deploy (see EdgeWafStack). */
function webAclArn(scope: Construct, parameterName: string): string {
  const stack = Stack.of(scope);
  const arn = stack.formatArn({ service: 'ssm', region: EDGE_REGION, resource: 'parameter', resourceName: parameterName.replace(/^\//, '') });
  const read = sdkCall(scope, 'WebAclArn', {
    call: {
      service: 'SSM',
      action: 'getParameter',
      parameters: { Name: parameterName },
      region: EDGE_REGION,
      physicalResourceId: cr.PhysicalResourceId.of(parameterName),
    },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [arn] }),
  });
  return read.getResponseField('Parameter.Value');
}

function acknowledgeDistribution(d: cloudfront.Distribution): void {
  acknowledge(
    d,
    'AwsSolutions-CFR1',
    'The status pages are for every customer wherever they are (travelling, roaming); a geo restriction would hide outage information from exactly them, and agents work from anywhere (the console needs sign-in). Abuse is limited per IP by the web ACL.',
  );
  acknowledge(
    d,
    'AwsSolutions-CFR3',
    'Every origin request is in the HTTP API access log, and the web ACL publishes per-rule metrics and sampled requests; CloudFront standard logs would add an ACL-enabled S3 bucket of viewer IPs (personal data) for cache hits only. A deployer who needs them adds a bucket.',
  );
  acknowledge(
    d,
    'AwsSolutions-CFR4',
    'No custom domain yet: the default *.cloudfront.net certificate fixes the viewer security policy; a custom domain with an ACM certificate and TLSv1.2_2021 is the step (infra/README.md, Not done here).',
  );
}
