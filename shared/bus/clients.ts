import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { localCredentials } from '../store/client.ts';

const region = () => process.env.AWS_REGION ?? 'eu-west-1';

export function createSns(endpoint = process.env.SNS_ENDPOINT): SNSClient {
  return new SNSClient(endpoint ? { endpoint, region: region(), credentials: localCredentials() } : {});
}

export function createSqs(endpoint = process.env.SQS_ENDPOINT): SQSClient {
  return new SQSClient(endpoint ? { endpoint, region: region(), credentials: localCredentials() } : {});
}
