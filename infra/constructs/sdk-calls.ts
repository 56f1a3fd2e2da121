import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';

/**
 * One AWS SDK call at deploy time (an AwsCustomResource), all sharing the stack's one provider
 * function, run under one role of our own (no AWSLambdaBasicExecutionRole) that logs to a log
 * group with retention. Each call adds only its own statements to that role.
 */
export function sdkCall(scope: Construct, id: string, props: { call: cr.AwsSdkCall; policy: cr.AwsCustomResourcePolicy }): cr.AwsCustomResource {
  const { role, logGroup } = provider(Stack.of(scope));
  return new cr.AwsCustomResource(scope, id, {
    onCreate: props.call,
    onUpdate: props.call,
    policy: props.policy,
    role,
    logGroup,
    installLatestAwsSdk: false,
  });
}

function provider(stack: Stack): { role: iam.Role; logGroup: logs.LogGroup } {
  const existing = stack.node.tryFindChild('SdkCallRole') as iam.Role | undefined;
  if (existing) return { role: existing, logGroup: stack.node.findChild('SdkCallLogs') as logs.LogGroup };
  const logGroup = new logs.LogGroup(stack, 'SdkCallLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  const role = new iam.Role(stack, 'SdkCallRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'wecare deploy-time SDK calls (AwsCustomResource)',
  });
  logGroup.grantWrite(role);
  return { role, logGroup };
}
