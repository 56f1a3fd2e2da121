import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { PurgeQueueCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Resources, provision } from '../../local/stack.ts';
import { pollStream } from '../../local/stream-poller.ts';
import { createSqs } from '../../shared/bus/clients.ts';
import { indexBrands, parseConfig } from '../../shared/config/load.ts';
import type { Mention, MentionDraft } from '../../shared/mention.ts';
import { createDynamo, localCredentials } from '../../shared/store/client.ts';
import type { Store } from '../../shared/store/client.ts';
import { getMention, mentionKeys, storeMention, toMention } from '../../shared/store/mentions.ts';
import type { createTriageHandler as Factory, TriageDeps } from '../../functions/triage/handler.ts';

const queues = [
  { name: 'complaints', topic: 'mentionEvents' as const, filterPolicy: { intent: ['complaint'] }, fn: 'none', maxReceiveCount: 5, visibilityTimeoutSeconds: 30 },
  { name: 'compliments', topic: 'mentionEvents' as const, filterPolicy: { intent: ['compliment'] }, fn: 'none', maxReceiveCount: 5, visibilityTimeoutSeconds: 30 },
];

let res: Resources;
let store: Store;
let sqs: SQSClient;
let deps: TriageDeps;
let createTriageHandler: typeof Factory;
let triage: ReturnType<typeof Factory>;
const brands = indexBrands(parseConfig(JSON.parse(readFileSync('wecare.config.json', 'utf8'))));

const draft = (externalId: string, text: string, over: Partial<MentionDraft> = {}): MentionDraft => ({
  platform: 'x', kind: 'mention', externalId, accountId: '1500000000000000001', author: { id: `author-${externalId}`, followers: 20_000 },
  text, createdAt: new Date().toISOString(), ...over,
});

async function store1(d: MentionDraft): Promise<Mention> {
  const m = toMention(d, 'demo', new Date().toISOString());
  expect(await storeMention(store, m)).toBe('stored');
  return m;
}

/** What the mention-events topic delivered to a queue, through its filter policy. */
async function drain(url: string, waitSeconds = 1): Promise<Array<{ mention: Mention; message: string; attributes: Record<string, { Value: string }> }>> {
  const out = [];
  for (;;) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: waitSeconds }));
    if (!r.Messages?.length) return out;
    for (const msg of r.Messages) {
      const envelope = JSON.parse(msg.Body!);
      // The event names the mention (ids and labels only); its content is in the store.
      const mention = (await getMention(store, JSON.parse(envelope.Message).mentionId))!;
      out.push({ mention, message: envelope.Message as string, attributes: envelope.MessageAttributes });
    }
  }
}

/** A Lambda stream record for an item as stored (what DynamoDB Streams sends for an INSERT). */
function insertRecord(item: Record<string, unknown>, seq: string): DynamoDBRecord {
  return { eventID: seq, eventName: 'INSERT', eventSource: 'aws:dynamodb', dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) as never, SequenceNumber: seq } };
}

beforeAll(async () => {
  res = await provision({ dynamo: inject('dynamoEndpoint'), fauxqs: inject('fauxqsEndpoint') }, `triage-${Date.now()}-`, queues);
  Object.assign(process.env, res.env);
  // The module builds its clients from env at load, as in Lambda: import it once env is set.
  ({ createTriageHandler } = await import('../../functions/triage/handler.ts'));
  store = { ddb: createDynamo(res.env.DYNAMODB_ENDPOINT), table: res.table };
  sqs = createSqs(res.env.SQS_ENDPOINT);
  deps = {
    store,
    sns: new SNSClient({ endpoint: res.env.SNS_ENDPOINT, region: 'eu-west-1', credentials: localCredentials() }),
    topicArn: res.topicArns.mentionEvents,
    brands,
    now: () => new Date(),
    logger: new Logger({ serviceName: 'triage-test', logLevel: 'CRITICAL' }),
  };
  triage = createTriageHandler(deps);
});

const queueUrl = (name: string) => res.queues.find((q) => q.name === name)!.url;

describe('triage from the table stream to mention-events', () => {
  const seen: DynamoDBRecord[] = [];
  let complaint: Mention;
  let compliment: Mention;

  afterAll(async () => {
    for (const q of queues) await sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl(q.name) }));
  });

  it('triages new mentions from the real stream and publishes through the filter policies', async () => {
    complaint = await store1(draft('t-1', 'Waarom werkt de app weer niet?? Al drie dagen storing, belachelijk'));
    compliment = await store1(draft('t-2', 'Fantastische service, super bedankt voor de snelle hulp! 🙏'));
    const echoMention = await store1(draft('t-echo', 'Wat vervelend, we kijken ernaar', { fromBrand: true }));
    const poller = pollStream({
      endpoint: res.env.DYNAMODB_ENDPOINT!,
      streamArn: res.streamArn,
      intervalMs: 100,
      handler: async (event) => {
        seen.push(...event.Records);
        return triage(event);
      },
    });
    const complaints = await waitFor(() => drain(queueUrl('complaints')), (got) => got.length > 0);
    const compliments = await waitFor(() => drain(queueUrl('compliments')), (got) => got.length > 0);
    await poller.stop();

    expect(complaints.map((c) => c.mention.id)).toEqual([complaint.id]);
    expect(complaints[0]!.attributes.intent!.Value).toBe('complaint');
    expect(complaints[0]!.attributes.language!.Value).toBe('nl');
    expect(complaints[0]!.mention).toMatchObject({ status: 'open', intent: 'complaint', team: 'outage', sentiment: { label: 'negative' } });
    expect(compliments.map((c) => c.mention.id)).toEqual([compliment.id]);
    for (const c of [...complaints, ...compliments]) {
      for (const personal of [c.mention.text, c.mention.author.id, c.mention.author.name, c.mention.author.handle]) if (personal) expect(c.message).not.toContain(personal);
    }

    const stored = await getMention(store, complaint.id);
    expect(stored).toMatchObject({ status: 'open', intent: 'complaint', lang: 'nl', caseId: `case-${complaint.id}`, sarcasm: false });
    expect(stored!.priority).toBeGreaterThanOrEqual(60);
    expect(Date.parse(stored!.slaDueAt!)).toBeGreaterThan(Date.parse(complaint.receivedAt));
    expect((stored as unknown as { publishedAt?: string }).publishedAt).toBeTruthy();
    const echo = seen.find((r) => r.dynamodb?.NewImage?.fromBrand?.BOOL);
    expect(echo?.dynamodb?.NewImage?.status?.S).toBe('brand');
    // Brand echoes are kept for response times, never triaged as a customer.
    const echoStored = await getMention(store, echoMention.id);
    expect(echoStored).toMatchObject({ status: 'brand' });
    expect(echoStored!.triagedAt).toBeUndefined();
  });

  it('a redelivered record changes nothing and publishes nothing', async () => {
    const before = await getMention(store, complaint.id);
    const inserts = seen.filter((r) => r.eventName === 'INSERT');
    const out = await triage({ Records: inserts });
    expect(out.batchItemFailures).toEqual([]);
    expect(await getMention(store, complaint.id)).toEqual(before);
    expect(await drain(queueUrl('complaints'), 2)).toEqual([]);
    expect(await drain(queueUrl('compliments'), 1)).toEqual([]);
  });
});

describe('failures', () => {
  it('a poisoned record lands in batchItemFailures while the others are triaged', async () => {
    const good = await store1(draft('t-3', 'De app ligt plat en inloggen lukt niet'));
    const poison = { ...mentionKeys.item('x-poison'), type: 'mention', id: 'x-poison', brand: 'demo', status: 'new', platform: 'x', text: 42 };
    await store.ddb.send(new PutItemCommand({ TableName: res.table, Item: marshall(poison) }));
    const goodItem = { ...mentionKeys.item(good.id), type: 'mention', ...good };
    const event: DynamoDBStreamEvent = { Records: [insertRecord(poison, '100'), insertRecord(goodItem, '101')] };
    const out = await triage(event);
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: '100' }]);
    expect((await getMention(store, good.id))?.status).toBe('open');
    expect((await getMention(store, 'x-poison'))?.status).toBe('new');
    const delivered = await waitFor(() => drain(queueUrl('complaints')), (got) => got.length > 0);
    expect(delivered.map((d) => d.mention.id)).toEqual([good.id]);
  });

  it('a failed publish is retried: the retry publishes once, after the triage was already written', async () => {
    const m = await store1(draft('t-4', 'Bedankt voor niets, weer geen stroom'));
    const item = { ...mentionKeys.item(m.id), type: 'mention', ...m };
    const offline = new SNSClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-1', credentials: localCredentials(), maxAttempts: 1 });
    const broken = createTriageHandler({ ...deps, sns: offline });
    expect((await broken({ Records: [insertRecord(item, '200')] })).batchItemFailures).toEqual([{ itemIdentifier: '200' }]);
    const written = await getMention(store, m.id);
    expect(written).toMatchObject({ status: 'open', sarcasm: true, intent: 'complaint' });
    expect((written as unknown as { publishedAt?: string }).publishedAt).toBeUndefined();

    expect((await triage({ Records: [insertRecord(item, '200')] })).batchItemFailures).toEqual([]);
    expect((await triage({ Records: [insertRecord(item, '200')] })).batchItemFailures).toEqual([]);
    const delivered = await waitFor(() => drain(queueUrl('complaints'), 2), (got) => got.length > 0);
    expect(delivered.map((d) => d.mention.id)).toEqual([m.id]);
    expect(delivered[0]!.attributes.sarcasm!.Value).toBe('true');
  });

  it('links the same text on another platform within 30 minutes, not on the same one and not later', async () => {
    const text = 'Al drie dagen geen internet in Utrecht, wanneer is dit opgelost?';
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const x = await store1(draft('t-same-1', text, { createdAt: at(20) }));
    // Someone else with the same words on the same platform is someone else's case.
    const x2 = await store1(draft('t-same-2', text, { createdAt: at(15) }));
    const ig = await store1(draft('t-same-3', `@demo ${text} https://t.co/abc`, { platform: 'instagram', kind: 'comment', accountId: '17841400000000001', createdAt: at(10) }));
    const fbLate = await store1(draft('t-same-4', text, { platform: 'facebook', kind: 'comment', accountId: '1234567890321', createdAt: at(-60) }));
    const record = (m: Mention, seq: string) => insertRecord({ ...mentionKeys.item(m.id), type: 'mention', ...m }, seq);
    for (const [i, m] of [x, x2, ig, fbLate].entries()) await triage({ Records: [record(m, String(400 + i))] });
    const cases = await Promise.all([x, x2, ig, fbLate].map(async (m) => (await getMention(store, m.id))!.caseId));
    expect(cases).toEqual([`case-${x.id}`, `case-${x2.id}`, `case-${x.id}`, `case-${fbLate.id}`]);
    const { forgetFirstText, sameTextFirsts } = await import('../../shared/triage/same-text.ts');
    await forgetFirstText(store, x);
    expect((await sameTextFirsts(store, x)).map((c) => c.id).sort()).toEqual([fbLate.id, ig.id].sort());
    await drain(queueUrl('complaints'));
  });

  it('links the same person on two platforms into one case', async () => {
    const brand = brands.byId('demo')!;
    const linked = { ...brand, linkedIdentities: [['x:cust-9', 'facebook:cust-fb-9']] };
    const linking = createTriageHandler({ ...deps, brands: { ...brands, byId: () => linked } });
    const first = await store1(draft('t-5', 'Mijn factuur klopt niet', { author: { id: 'cust-9' }, createdAt: new Date(Date.now() - 600_000).toISOString() }));
    const second = await store1(draft('t-6', 'Nog steeds geen antwoord over mijn factuur', { platform: 'facebook', kind: 'comment', author: { id: 'cust-fb-9' }, accountId: '1234567890321' }));
    const record = (m: Mention, seq: string) => insertRecord({ ...mentionKeys.item(m.id), type: 'mention', ...m }, seq);
    await linking({ Records: [record(first, '300')] });
    await linking({ Records: [record(second, '301')] });
    const [a, b] = await Promise.all([getMention(store, first.id), getMention(store, second.id)]);
    expect(a!.caseId).toBe(`case-${first.id}`);
    expect(b!.caseId).toBe(a!.caseId);
    expect(b!.team).toBe('billing');
    await drain(queueUrl('complaints'));
  });
});

async function waitFor<T>(read: () => Promise<T[]>, done: (all: T[]) => boolean, timeoutMs = 15_000): Promise<T[]> {
  const all: T[] = [];
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    all.push(...(await read()));
    if (done(all)) return all;
  }
  return all;
}

describe('the SlaBreaches metric', () => {
  it('is emitted by the minute sweep on cases past a running deadline, even when nothing came in', async () => {
    const { Metrics } = await import('@aws-lambda-powertools/metrics');
    const { createFollowUpHandler } = await import('../../functions/follow-up-sweep/handler.ts');
    const lines: string[] = [];
    const metrics = new Metrics({ namespace: 'wecare', serviceName: 'wecare-follow-up-sweep' });
    // An overdue one: created two days ago, so its first-response deadline has long passed.
    const late = await store1(draft('t-late', 'Nog steeds geen antwoord op mijn klacht, waarom duurt dit zo lang?', { createdAt: new Date(Date.now() - 2 * 86_400_000).toISOString() }));
    const image = await store.ddb.send(new (await import('@aws-sdk/client-dynamodb')).GetItemCommand({ TableName: store.table, Key: { pk: { S: `MENTION#${late.id}` }, sk: { S: 'MENTION' } } }));
    await triage({ Records: [{ eventName: 'INSERT', eventID: 'late-1', dynamodb: { SequenceNumber: '900', NewImage: image.Item as never } }] });
    const sweep = createFollowUpHandler({ store, brands, reply: { env: {} as never, fetch }, now: () => new Date(Date.now() + 3 * 86_400_000) }, metrics);
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
    const log = console.log;
    console.log = (l: string) => void lines.push(String(l));
    try {
      await sweep({ source: 'aws.events' });
    } finally {
      process.stdout.write = write;
      console.log = log;
    }
    const emf = lines.map((l) => { try { return JSON.parse(l); } catch { return undefined; } }).find((l) => l?._aws && 'SlaBreaches' in l);
    expect(emf?._aws.CloudWatchMetrics[0].Namespace).toBe('wecare');
    expect(emf?.SlaBreaches).toBeGreaterThanOrEqual(1);
  });
});
