import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { Settings, WafLimits } from './settings.ts';

/** CloudFront web ACLs exist only in us-east-1, whatever region the rest of wecare runs in. */
export const EDGE_REGION = 'us-east-1';

/** SSM parameter (in us-east-1) holding the web ACL's ARN for the distribution in the stateless stack. */
export const webAclParameterName = (prefix: string) => `/${prefix.replace(/-+$/, '')}/edge/web-acl-arn`;

/** Rule names (and CloudWatch metric names) of the web ACL, asserted by tests/infra. */
export const WAF_RULES = {
  onlyServed: 'OnlyServedPaths',
  writesPerIp: 'StatusWritesPerIp',
  statusPerIp: 'StatusPerIp',
  appPerIp: 'ConsoleApiPerIp',
  reputation: 'AmazonIpReputation',
} as const;

/**
 * The paths the distribution serves (StatusCdn's behaviours), as WAF matches them: the status pages,
 * and the console with the admin API it calls (`/console`, `/console/…`, `/api/…`). Everything else,
 * webhooks included (platforms call the execute-api URL), is blocked at the edge.
 */
export const SERVED_PATHS = { status: '/status/', console: '/console', api: '/api/' } as const;

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});
const uriStartsWith = (prefix: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'STARTS_WITH', searchString: prefix, textTransformations: [{ priority: 0, type: 'NONE' }] },
});
const uriIs = (path: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'EXACTLY', searchString: path, textTransformations: [{ priority: 0, type: 'NONE' }] },
});
const anyOf = (...statements: wafv2.CfnWebACL.StatementProperty[]): wafv2.CfnWebACL.StatementProperty => ({ orStatement: { statements } });
const allOf = (...statements: wafv2.CfnWebACL.StatementProperty[]): wafv2.CfnWebACL.StatementProperty => ({ andStatement: { statements } });
const methodIs = (method: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: method, textTransformations: [{ priority: 0, type: 'NONE' }] },
});
/** Past a rate limit the viewer gets 429 (what the app answers too), not WAF's default 403. */
const tooMany: wafv2.CfnWebACL.RuleActionProperty = { block: { customResponse: { responseCode: 429, responseHeaders: [{ name: 'retry-after', value: '60' }] } } };

/** Per-IP rate limits: one client cannot exhaust a route throttle that every client shares. */
export function wafRules(limits: WafLimits): wafv2.CfnWebACL.RuleProperty[] {
  const perIp = (name: string, priority: number, limit: number, scopeDown?: wafv2.CfnWebACL.StatementProperty): wafv2.CfnWebACL.RuleProperty => ({
    name,
    priority,
    action: tooMany,
    statement: { rateBasedStatement: { limit, evaluationWindowSec: 60, aggregateKeyType: 'IP', ...(scopeDown ? { scopeDownStatement: scopeDown } : {}) } },
    visibilityConfig: visibility(name),
  });
  const status = uriStartsWith(SERVED_PATHS.status);
  const app = [uriIs(SERVED_PATHS.console), uriStartsWith(`${SERVED_PATHS.console}/`), uriStartsWith(SERVED_PATHS.api)];
  const consoleOrApi = anyOf(...app);
  const served = anyOf(status, ...app);
  return [
    // The distribution serves the status pages, the console and /api/*; webhooks never go through it.
    { name: WAF_RULES.onlyServed, priority: 0, action: { block: {} }, statement: { notStatement: { statement: served } }, visibilityConfig: visibility(WAF_RULES.onlyServed) },
    perIp(WAF_RULES.writesPerIp, 1, limits.writesPerMinute, allOf(methodIs('POST'), status)),
    perIp(WAF_RULES.statusPerIp, 2, limits.statusPerMinute, status),
    // Agents and integrations: generous (a team may share one office address); still one client
    // cannot use up the admin routes' throttle every client shares.
    perIp(WAF_RULES.appPerIp, 3, limits.appPerMinute, consoleOrApi),
    {
      name: WAF_RULES.reputation,
      priority: 4,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' } },
      visibilityConfig: visibility(WAF_RULES.reputation),
    },
  ];
}

/**
 * `WecareEdgeWaf`: the CloudFront-scoped web ACL in front of the status pages, the console and
 * `/api/*`, in us-east-1 (the
 * only region CloudFront takes web ACLs from). Its ARN goes to an SSM parameter in us-east-1 that
 * the stateless stack reads with one SDK call: the stateless stack stays region-agnostic, which
 * CDK's `crossRegionReferences` would not allow.
 */
export class EdgeWafStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;
  readonly parameterName: string;

  constructor(scope: Construct, id: string, props: StackProps & { settings: Settings }) {
    super(scope, id, { ...props, env: { ...props.env, region: EDGE_REGION } });
    const { settings } = props;
    this.webAcl = new wafv2.CfnWebACL(this, 'StatusWebAcl', {
      name: `${settings.prefix}status`,
      description: 'wecare status pages, console and admin API - CloudFront only, per-IP rate limits',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rules: wafRules(settings.waf),
      visibilityConfig: visibility(`${settings.prefix}status`),
    });
    this.parameterName = webAclParameterName(settings.prefix);
    new ssm.StringParameter(this, 'WebAclArn', {
      parameterName: this.parameterName,
      description: 'ARN of the wecare status web ACL (read by the WecareStateless distribution)',
      stringValue: this.webAcl.attrArn,
    });
  }
}
