import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EdgeWafStack } from './edge-waf-stack.ts';
import { settingsFrom } from './settings.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

/**
 * Builds the whole wecare app into `app`. Env-agnostic stacks (no account/region, no lookups), so
 * synth works offline; deploy picks the account and region from the CLI profile. The exception is
 * the edge WAF stack, pinned to us-east-1 (account still from the profile).
 */
export function buildApp(app: App): { stateful: StatefulStack; stateless: StatelessStack; edge: EdgeWafStack } {
  const settings = settingsFrom(app.node);
  const stateful = new StatefulStack(app, 'WecareStateful', {
    description: 'wecare: table, topics, queues, secrets (retained)',
    settings,
  });
  // CloudFront takes web ACLs from us-east-1 only: a stack of its own there, deployed first.
  const edge = new EdgeWafStack(app, 'WecareEdgeWaf', {
    description: 'wecare: the CloudFront web ACL of the status pages (us-east-1)',
    settings,
  });
  const stateless = new StatelessStack(app, 'WecareStateless', {
    description: 'wecare: functions, HTTP API, status CDN, schedules, alarms',
    settings,
    resources: stateful.resources,
    webAclParameter: edge.parameterName,
  });
  stateless.addStackDependency(edge, 'the distribution reads the web ACL ARN from its SSM parameter');
  Tags.of(app).add('app', 'wecare');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { stateful, stateless, edge };
}
