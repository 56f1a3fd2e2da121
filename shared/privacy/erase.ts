import { createHash, randomBytes } from 'node:crypto';
import { DeleteItemCommand, PutItemCommand, type QueryCommandInput, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Brands } from '../config/load.ts';
import { cooldownKey } from '../flows/thank-you-guards.ts';
import { forgetFirstText } from '../store/triage.ts';
import type { Mention } from '../mention.ts';
import { storageDown } from '../store/client.ts';
import { cancelFollowUp } from '../store/followups.ts';
import { fromItem, type Store } from '../store/mentions.ts';
import { queryAll } from '../store/query.ts';
import { keys } from '../store/table.ts';
import { createLogger } from '../log.ts';

const logger = createLogger('wecare-privacy');

export interface ErasureReport {
  mentions: number;
  outbox: number;
  followUps: number;
  parkedChanges: number;
  incidentRecords: number;
  cooldowns: number;
  subscribers: number;
}

/**
 * GDPR erasure of one author (`platform` + the platform's id; `email`/`phone` for status
 * subscribers). Texts, names, handles, links and media go; what metrics count stays (platform,
 * kind, times, sentiment, intent, status), under a random id that links nothing back. Scheduled
 * follow-ups are cancelled: an erased customer is not contacted again. The erasure itself is
 * recorded, with a hash of the id rather than the id.
 */
export async function eraseAuthor(deps: { store: Store; brands: Brands; now: () => Date }, platform: string, authorId: string): Promise<ErasureReport> {
  const { store } = deps;
  const report: ErasureReport = { mentions: 0, outbox: 0, followUps: 0, parkedChanges: 0, incidentRecords: 0, cooldowns: 0, subscribers: 0 };
  const anonymous = `erased-${randomBytes(6).toString('hex')}`;
  const mentions = (await queryAll(store, { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: marshall({ ':pk': keys.author(platform, authorId) }) })).items.map(fromItem);
  for (const m of mentions) {
    await forgetFirstText(store, m);
    await anonymizeMention(store, m, anonymous, deps.now());
    report.mentions++;
    report.parkedChanges += await deleteWhere(store, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: marshall({ ':pk': keys.mention(m.id).pk, ':p': 'CHANGE#' }) });
    if (m.incidentId && (await deleteKey(store, { pk: `INCIDENT#${m.incidentId}`, sk: `AFFECTED#${platform}#${authorId}` }))) report.incidentRecords++;
    if (await cancelFollowUp(store, m.conversationId, 'author erased')) report.followUps++;
  }
  report.outbox = await anonymizeOutbox(store, [...new Set(mentions.map((m) => m.brand))], new Set(mentions.map((m) => m.id)), authorId);
  for (const brand of deps.brands.all) {
    if (await deleteKey(store, cooldownKey(brand.id, platform, authorId))) report.cooldowns++;
    if (platform === 'email' || platform === 'phone') {
      report.subscribers += await deleteWhere(store, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        FilterExpression: 'address = :address',
        ExpressionAttributeValues: marshall({ ':pk': `SUBSCRIBERS#${brand.id}`, ':p': 'SUB#', ':address': authorId }),
      });
    }
  }
  await recordErasure(store, platform, authorId, report, deps.now());
  return report;
}

async function anonymizeMention(store: Store, m: Mention, anonymous: string, now: Date) {
  await guarded(store.ddb.send(new UpdateItemCommand({
    TableName: store.table,
    Key: marshall(keys.mention(m.id)),
    UpdateExpression: 'SET #text = :empty, author = :author, erasedAt = :now REMOVE revisions, originalText, #url, media, gsi3pk, gsi3sk, inReplyTo',
    ExpressionAttributeNames: { '#text': 'text', '#url': 'url' },
    ExpressionAttributeValues: marshall({ ':empty': '', ':author': { id: anonymous }, ':now': now.toISOString() }),
  })));
}

/** Replies to the author keep their state (counts) and lose their words and address. */
async function anonymizeOutbox(store: Store, brands: string[], mentionIds: Set<string>, authorId: string): Promise<number> {
  let count = 0;
  for (const brand of brands) {
    const { items: intents } = await queryAll(store, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: marshall({ ':pk': `OUTBOX#${brand}` }) });
    for (const raw of intents.map((i) => unmarshall(i))) {
      if (!mentionIds.has(raw.mentionId) && raw.message?.recipient !== authorId) continue;
      await guarded(store.ddb.send(new UpdateItemCommand({
        TableName: store.table,
        Key: marshall({ pk: raw.pk, sk: raw.sk }),
        UpdateExpression: 'REMOVE message, lastError SET erased = :true',
        ExpressionAttributeValues: marshall({ ':true': true }),
      })));
      count++;
    }
  }
  return count;
}

async function recordErasure(store: Store, platform: string, authorId: string, report: ErasureReport, now: Date) {
  const subject = createHash('sha256').update(`${platform}:${authorId}`).digest('hex');
  const item = { pk: `ERASURE#${now.toISOString()}#${subject.slice(0, 16)}`, sk: 'ERASURE', type: 'erasure', platform, subject, at: now.toISOString(), ...report };
  await guarded(store.ddb.send(new PutItemCommand({ TableName: store.table, Item: marshall(item) })));
  logger.info('author erased', { platform, subject, ...report });
}


async function deleteWhere(store: Store, input: Omit<QueryCommandInput, 'TableName'>): Promise<number> {
  const { items } = await queryAll(store, input);
  for (const item of items) await guarded(store.ddb.send(new DeleteItemCommand({ TableName: store.table, Key: { pk: item.pk!, sk: item.sk! } })));
  return items.length;
}

async function deleteKey(store: Store, key: { pk: string; sk: string }): Promise<boolean> {
  const out = await guarded(store.ddb.send(new DeleteItemCommand({ TableName: store.table, Key: marshall(key), ReturnValues: 'ALL_OLD' })));
  return out.Attributes !== undefined;
}

/** Storage errors become 503s: the operator retries, and erasing again is harmless. */
const guarded = <T>(call: Promise<T>): Promise<T> =>
  call.catch((e: unknown) => {
    throw storageDown(e);
  });
