import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AwsAccess, FunctionEnv } from '../env.ts';
import { WecareError } from '../errors.ts';

/** The table and the client that reaches it: what every store verb takes first. */
export interface Store {
  ddb: DynamoDBClient;
  table: string;
}

/** One stored item as DynamoDB returns it (marshalled). */
export type Item = Record<string, AttributeValue>;

/** The emulators' side of AwsAccess when a caller names only an endpoint (local mode, tests). */
const EMULATOR = { region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/**
 * One client per process, created at module scope by the caller and passed in (injectable in tests).
 * Without an endpoint it reaches DynamoDB itself; the endpoint comes from the function's env
 * (shared/env.ts functionEnv), read once at cold start.
 */
export function createDynamo(endpoint?: string, access: Omit<AwsAccess, 'endpoints'> = EMULATOR): DynamoDBClient {
  return new DynamoDBClient({
    ...(endpoint ? { endpoint, region: access.region, credentials: access.credentials } : {}),
    // Ingest must answer fast: a storage hiccup becomes a 503 and the platform redelivers.
    maxAttempts: 2,
  });
}

/** The store a function works on, from its env at cold start (TABLE_NAME, DYNAMODB_ENDPOINT). */
export function storeFromEnv(env: Pick<FunctionEnv, 'table' | 'aws'>): Store {
  return { ddb: createDynamo(env.aws.endpoints.dynamodb, env.aws), table: env.table };
}

/** What the emulators accept (DynamoDB Local runs with -sharedDb, so the key id names no separate database). */
export function localCredentials() {
  return { ...EMULATOR.credentials };
}

/** A failed call to storage is the caller's cue to retry later, never a 500. */
export function storageDown(error: unknown): WecareError {
  return new WecareError('unavailable', `storage unavailable, retry later (${(error as Error).name ?? 'error'}: ${String((error as Error).message ?? '').slice(0, 160)})`);
}

export const isConditionFailure = (e: unknown) =>
  (e as Error)?.name === 'ConditionalCheckFailedException' || (e as Error)?.name === 'TransactionCanceledException';

/**
 * For the one write that records a side effect already done (a post sent): losing it to a storage
 * blip would make a redelivery do the side effect again, so it is retried for ~24 s (waits up to
 * 8 s; within the functions' 30 s timeout) before giving up. A DynamoDB Local restart on a busy
 * machine outlasted the earlier 15 s.
 */
export async function recordDone<T>(write: () => Promise<T>, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<T> {
  for (let attempt = 0, wait = 250; ; attempt++, wait = Math.min(wait * 2, 8000)) {
    try {
      return await write();
    } catch (e) {
      if (attempt >= 7) throw e;
      await sleep(wait);
    }
  }
}
