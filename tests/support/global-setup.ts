import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { type LocalStack, startStack } from '../../local/stack.ts';

let stack: LocalStack | undefined;

/** One DynamoDB Local and one fauxqs for the whole run; each test file makes its own table/topics by name. */
export async function setup(project: TestProject) {
  stack = await startStack({});
  project.provide('dynamoEndpoint', stack.dynamo.endpoint);
  project.provide('fauxqsEndpoint', stack.fauxqs.address);
}

export async function teardown() {
  await stack?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    fauxqsEndpoint: string;
  }
}
