import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import { sdkCall } from './sdk-calls.ts';

/**
 * The account's SNS SMS `MonthlySpendLimit` (USD, per account and region): the cap on SMS pumping
 * (toll fraud through the public subscribe form). An account setting with no CloudFormation
 * resource, so one `sns:SetSMSAttributes` call at deploy. SNS refuses a value above the limit AWS
 * granted the account (1 USD until a support case raises it): the deploy then fails, naming it.
 * Deleting the stack leaves the setting as it is.
 */
export class SmsSpendLimit extends Construct {
  constructor(scope: Construct, id: string, props: { monthlyLimitUsd: string }) {
    super(scope, id);
    const call = sdkCall(this, 'SetSmsAttributes', {
      call: {
        service: 'SNS',
        action: 'setSMSAttributes',
        parameters: { attributes: { MonthlySpendLimit: props.monthlyLimitUsd } },
        physicalResourceId: cr.PhysicalResourceId.of('wecare-sms-monthly-spend-limit'),
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] })]),
    });
    acknowledge(
      call,
      'AwsSolutions-IAM5[Resource::*]',
      'sns:SetSMSAttributes is an account setting and supports no resource-level permission; the deploy-time role may call only that action with *.',
    );
  }
}
