import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { AwsAccess } from '../env.ts';

/** The emulators' side of AwsAccess when a caller names only an endpoint (local mode, tests). */
const EMULATOR = { region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/**
 * SNS, to the service itself without an endpoint, to fauxqs with one. The endpoint comes from the
 * function's env (shared/env.ts functionEnv: `aws.endpoints.sns`), read once at cold start.
 */
export function createSns(endpoint?: string, access: Omit<AwsAccess, 'endpoints'> = EMULATOR): SNSClient {
  return new SNSClient(endpoint ? { endpoint, region: access.region, credentials: access.credentials } : {});
}

/** SQS, as createSns. */
export function createSqs(endpoint?: string, access: Omit<AwsAccess, 'endpoints'> = EMULATOR): SQSClient {
  return new SQSClient(endpoint ? { endpoint, region: access.region, credentials: access.credentials } : {});
}
