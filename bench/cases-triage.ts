import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Brands } from '../shared/config/load.ts';
import type { Store } from '../shared/store/client.ts';
import { mentionKeys, storeMention, toMention } from '../shared/store/mentions.ts';
import { createSns } from '../shared/bus/clients.ts';
import { type TriageContext, triageRecord } from '../shared/triage/triage-mention.ts';
import { type Figures, median, round } from './stats.ts';

const COUNT = Number(process.env.BENCH_CASES_TRIAGE_COUNT ?? 600);
const WARM = 60;
const TEXTS = [
  'Mijn factuur van deze maand klopt niet, bestelling',
  'Hoe zeg ik mijn contract op? Klantnummer',
  'Al drie dagen geen antwoord op mijn mail over order',
  'Is de monteur morgen nog langs geweest voor afspraak',
  'Why was I charged twice for invoice',
];

/**
 * The customer messages of one variant: customer k writes (k % 3) + 1 DMs, so half of the messages
 * open a case and half join the customer's case (found through their earlier messages, gsi3), as
 * a DM thread does. Each text carries a number of its own: the same-text rule links nothing here.
 */
function messages(variant: string, count: number) {
  const out: Array<{ customer: string; n: number }> = [];
  for (let k = 0; out.length < count; k++) for (let j = 0; j <= k % 3 && out.length < count; j++) out.push({ customer: `${variant}-cust-${k}`, n: out.length });
  const t0 = Date.parse('2026-11-16T09:00:00Z');
  return out.map(({ customer, n }) => {
    const createdAt = new Date(t0 + n * 1000).toISOString();
    const draft = { platform: 'messenger', kind: 'dm' as const, externalId: `${variant}-m-${n}`, threadId: customer, accountId: '1234567890321', author: { id: customer, name: 'Sanne' }, text: `${TEXTS[n % TEXTS.length]} ${100_000 + n}`, createdAt };
    return toMention(draft, 'demo', createdAt);
  });
}

/** What the stream hands triage for a stored mention: its INSERT record with the image as stored. */
async function record(store: Store, id: string, seq: number): Promise<DynamoDBRecord> {
  const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: { pk: { S: mentionKeys.item(id).pk }, sk: { S: 'MENTION' } } }));
  return { eventID: `e${seq}`, eventName: 'INSERT', dynamodb: { NewImage: out.Item as never, SequenceNumber: String(seq) } };
}

/**
 * cases.triage_ratio: triage of one customer message with the case upkeep (one read and one
 * conditional write of the case, or one write for a new case) over the same triage with
 * `skipCases`, on the same DynamoDB Local and table, mentions of the same shape (two sets of
 * customers), one message of each alternately so machine noise falls on both alike.
 */
export async function benchCaseTriage(store: Store, fauxqs: string, topicArn: string, brands: Brands): Promise<Figures> {
  const sets = { cases: messages('with', COUNT + WARM), bare: messages('without', COUNT + WARM) };
  for (const m of [...sets.cases, ...sets.bare]) await storeMention(store, m);
  const logger = new Logger({ logLevel: 'ERROR' });
  const base = { store, sns: createSns(fauxqs), topicArn, brands, now: () => new Date('2026-11-16T12:00:00Z'), logger };
  const contexts: Record<'cases' | 'bare', TriageContext> = { cases: base, bare: { ...base, skipCases: true } };
  const times = { cases: [] as number[], bare: [] as number[] };
  for (let i = 0; i < COUNT + WARM; i++) {
    const order = i % 2 ? (['cases', 'bare'] as const) : (['bare', 'cases'] as const);
    for (const variant of order) {
      const rec = await record(store, sets[variant][i]!.id, i);
      const start = performance.now();
      const outcome = await triageRecord(contexts[variant], rec);
      const ms = performance.now() - start;
      if (outcome !== 'triaged') throw new Error(`bench cases: ${variant} triage of message ${i} was ${outcome}`);
      if (i >= WARM) times[variant].push(ms);
    }
  }
  const withCases = median(times.cases);
  const without = median(times.bare);
  return {
    'cases.triage_ratio': { value: round(withCases / without), unit: 'ratio', floor: round(without), ratio: round(withCases / without) },
    'cases.triage_p50_ms': { value: round(withCases), unit: 'ms' },
  };
}
