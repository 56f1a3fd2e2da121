import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { type LocalSes, startSes } from '../../local/ses.ts';
import { type LocalStack, startStack } from '../../local/stack.ts';

let stack: LocalStack | undefined;
let ses: LocalSes | undefined;

/**
 * One DynamoDB Local, one fauxqs and one SES v2 emulator (its mailbox shared: tests look for their
 * own recipients) for the whole run; each test file makes its own table/topics by name.
 */
export async function setup(project: TestProject) {
  [stack, ses] = await Promise.all([startStack({}), startSes()]);
  project.provide('sesEndpoint', ses.endpoint);
  project.provide('dynamoEndpoint', stack.dynamo.endpoint);
  project.provide('fauxqsEndpoint', stack.fauxqs.address);
}

export async function teardown() {
  await Promise.all([stack?.stop(), ses?.stop()]);
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    fauxqsEndpoint: string;
    sesEndpoint: string;
  }
}
