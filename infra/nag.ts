import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on a construct (and its children), with the reason it is
 * accepted. Every suppression in wecare goes through here so `grep -r acknowledge infra/` lists them.
 */
export function acknowledge(scope: IConstruct, id: `AwsSolutions-${string}`, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
