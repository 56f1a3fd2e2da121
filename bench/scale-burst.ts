import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBRecord } from 'aws-lambda';
import { createWebhookApp } from '../functions/webhooks/app.ts';
import { createSns } from '../shared/bus/clients.ts';
import type { Brands } from '../shared/config/load.ts';
import { createDynamo, localCredentials, type Store } from '../shared/store/client.ts';
import { triageRecord } from '../shared/triage/triage-mention.ts';
import { signed, testSecrets } from '../tests/support/sign.ts';
import { drive } from './stats.ts';
import { addRecord, type KeyLoad, units } from './wcu.ts';

/**
 * A burst of one brand's mentions through the real paths: signed webhooks into the webhook app
 * (ingest: one conditional PutItem each), then triage on each INSERT the table's stream holds, as
 * the triage function receives them. Then the whole stream is read back and every write is
 * priced per partition key (wcu.ts). The client records what the stream cannot show: which keys
 * a transaction wrote (twice the units) and conditional writes refused (1 unit each, no record).
 *
 * The mix of an outage: 40% tweets at the brand, 30% Messenger DMs, 30% comments on 20 of the
 * brand's posts; customers write about three times each; 30% use one of 8 stock phrases.
 */
const PHRASES = ['Storing?', 'De app werkt niet', 'Kan niet inloggen', 'Is er een storing?', 'Website down?', 'Weer storing...', 'App is down', 'Not working again'];

function payload(i: number, count: number): { route: 'x' | 'meta'; body: unknown } {
  const customers = Math.max(1, Math.ceil(count * 0.3));
  const who = `${10_000_000 + (i % customers)}`;
  const text = i % 10 < 3 ? PHRASES[i % PHRASES.length]! : `@demo storing bij ${who}, melding ${i}: sinds ${i % 60} minuten geen stroom in de app`;
  const at = 1_763_290_000_000 + i * 200;
  const kind = i % 10;
  if (kind < 4) {
    const tweet = { created_at: new Date(at).toUTCString(), id_str: `${1_900_000_000_000_000_000n + BigInt(i)}`, text, user: { id_str: who, screen_name: `fan${who}` }, timestamp_ms: String(at) };
    return { route: 'x', body: { for_user_id: '1500000000000000001', tweet_create_events: [tweet] } };
  }
  if (kind < 7) {
    const page = '12345654332';
    return { route: 'meta', body: { object: 'page', entry: [{ id: page, time: at, messaging: [{ sender: { id: who }, recipient: { id: page }, timestamp: at, message: { mid: `m_burst_${i}`, text } }] }] } };
  }
  const page = '1234567890321';
  const post = `${page}_${i % 20}`;
  const value = { item: 'comment', verb: 'add', comment_id: `burst_${i}`, post_id: post, parent_id: post, from: { id: who, name: 'Sanne' }, created_time: Math.floor(at / 1000), message: text };
  return { route: 'meta', body: { object: 'page', entry: [{ id: page, time: at, changes: [{ field: 'feed', value }] }] } };
}

/** A client that notes transactional keys and refused conditional writes, for the pricing. */
function recordingClient(endpoint: string) {
  const ddb = createDynamo(endpoint);
  const transactional = new Set<string>();
  const refused: string[] = [];
  ddb.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { TransactItems?: Array<Record<string, { Item?: Record<string, { S?: string }>; Key?: Record<string, { S?: string }> }>>; Key?: Record<string, { S?: string }>; Item?: Record<string, { S?: string }>; ConditionExpression?: string };
      for (const t of input.TransactItems ?? []) {
        for (const [kind, op] of Object.entries(t)) if (kind !== 'ConditionCheck' && op) transactional.add(`${(op.Item ?? op.Key)?.pk?.S}\n${(op.Item ?? op.Key)?.sk?.S}`);
      }
      try {
        return await next(args);
      } catch (e) {
        const key = input.Key ?? input.Item;
        if ((e as Error).name === 'ConditionalCheckFailedException' && key?.pk?.S) refused.push(key.pk.S);
        throw e;
      }
    },
    { step: 'initialize', name: 'wcuRecorder' },
  );
  return { ddb, transactional, refused };
}

/** Every record of the table's stream from its start. */
export async function readStream(endpoint: string, streamArn: string): Promise<_Record[]> {
  const streams = new DynamoDBStreamsClient({ endpoint, region: 'eu-west-1', credentials: localCredentials() });
  const out: _Record[] = [];
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  for (const shard of StreamDescription?.Shards ?? []) {
    let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      out.push(...(page.Records ?? []));
      // An open shard always hands out a next iterator: an empty page means we are at its end.
      iterator = page.Records?.length ? page.NextShardIterator : undefined;
    }
  }
  return out;
}

export interface BurstOptions {
  endpoint: string;
  fauxqs: string;
  table: string;
  streamArn: string;
  topicArn: string;
  brands: Brands;
  count: number;
}

export async function burst(o: BurstOptions): Promise<{ load: KeyLoad; records: number; triaged: number }> {
  const client = recordingClient(o.endpoint);
  const store: Store = { ddb: client.ddb, table: o.table };
  const now = () => new Date('2025-11-16T10:40:00Z');
  const webhooks = createWebhookApp({ store, brands: o.brands, secrets: testSecrets, now });
  await drive(o.count, 16, async (i) => {
    const { route, body } = payload(i, o.count);
    const { path, init } = signed(route, JSON.stringify(body));
    const res = await webhooks.request(path, init);
    if (res.status !== 200) throw new Error(`burst: webhook answered ${res.status}: ${await res.text()}`);
  });
  const inserts = (await readStream(o.endpoint, o.streamArn)).filter((r) => r.eventName === 'INSERT');
  if (inserts.length !== o.count) throw new Error(`burst: ${inserts.length} mentions stored of ${o.count}`);
  const ctx = { store, sns: createSns(o.fauxqs), topicArn: o.topicArn, brands: o.brands, now, logger: new Logger({ logLevel: 'ERROR' }) };
  let triaged = 0;
  await drive(inserts.length, 8, async (i) => {
    if ((await triageRecord(ctx, inserts[i] as DynamoDBRecord)) === 'triaged') triaged++;
  });
  const records = await readStream(o.endpoint, o.streamArn);
  const load: KeyLoad = new Map();
  for (const r of records) addRecord(load, r, (pk, sk) => client.transactional.has(`${pk}\n${sk}`));
  for (const pk of client.refused) {
    const k = load.get(`table ${pk}`) ?? { wcu: 0, writes: 0, bytes: 0 };
    load.set(`table ${pk}`, { ...k, wcu: k.wcu + units(0), writes: k.writes + 1 });
  }
  return { load, records: records.length, triaged };
}
