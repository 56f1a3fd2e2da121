import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build.ts';
import { PROJECT_ROOT } from '../../infra/paths.ts';

/**
 * The app as `npm run synth` builds it (cdk.json context), except that NodejsFunction bundling is
 * skipped: the templates are the same, the tests take seconds. Call once per file (beforeAll).
 */
export function synthWecare(extraContext: Record<string, unknown> = {}) {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...extraContext } });
  const { stateful, stateless, edge } = buildApp(app);
  return {
    app,
    stateful,
    stateless,
    edge,
    edgeTemplate: Template.fromStack(edge),
    statefulTemplate: Template.fromStack(stateful),
    statelessTemplate: Template.fromStack(stateless),
  };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, any>; [k: string]: unknown }>;

export const resourcesOf = (t: Template, type: string): Resources => t.findResources(type) as Resources;

/** Logical id of the Lambda function whose POWERTOOLS_SERVICE_NAME is wecare-<name>. */
export function functionsByName(t: Template): Map<string, { id: string; props: Record<string, any> }> {
  const out = new Map<string, { id: string; props: Record<string, any> }>();
  for (const [id, r] of Object.entries(resourcesOf(t, 'AWS::Lambda::Function'))) {
    const service = r.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME as string | undefined;
    if (service?.startsWith('wecare-')) out.set(service.slice('wecare-'.length), { id, props: r.Properties! });
  }
  return out;
}

/** Every statement of the policies attached to the role `roleRef` ({Ref: id}). */
export function statementsOfRole(t: Template, roleId: string): Array<{ Action: string | string[]; Resource: unknown; Effect: string }> {
  const policies = Object.values(resourcesOf(t, 'AWS::IAM::Policy')).filter((p) =>
    (p.Properties!.Roles as Array<{ Ref?: string }>).some((r) => r.Ref === roleId),
  );
  return policies.flatMap((p) => p.Properties!.PolicyDocument.Statement);
}

export const asArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
