import { randomBytes } from 'node:crypto';
import { DeleteItemCommand, PutItemCommand, type QueryCommandInput, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { SNSClient } from '@aws-sdk/client-sns';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Brands } from '../config/load.ts';
import { cooldownKey } from '../flows/thank-you-guards.ts';
import { forgetFirstText } from '../store/triage.ts';
import type { Mention } from '../mention.ts';
import { storageDown } from '../store/client.ts';
import { cancelFollowUp } from '../store/follow-ups.ts';
import { fromItem, type Store } from '../store/mentions.ts';
import { queryAll } from '../store/query.ts';
import { keys } from '../store/table.ts';
import { createLogger } from '../log.ts';
import { keyedHash } from './keyed-hash.ts';
import { endStatusSubscriptions } from './subscribers.ts';
import { type ErasureScope, writeTombstones } from './tombstone.ts';

const logger = createLogger('wecare-privacy');

export interface ErasureReport {
  mentions: number;
  outbox: number;
  followUps: number;
  parkedChanges: number;
  incidentRecords: number;
  cooldowns: number;
  subscribers: number;
  /** SNS e-mail/SMS subscriptions of the erased address that were unsubscribed. */
  snsSubscriptions: number;
}

export interface ErasureDeps {
  store: Store;
  brands: Brands;
  now: () => Date;
  /** Unsubscribes the SNS e-mail/SMS subscriptions of an erased status subscriber. */
  sns: SNSClient;
}

/**
 * GDPR erasure of one author (`platform` + the platform's id; `email`/`phone` for status
 * subscribers, matched case-insensitively) in the brands of the caller's scope. Texts, names,
 * handles, links and media go; what metrics count stays (platform, kind, times, sentiment, intent,
 * status), under a random id that links nothing back. Scheduled follow-ups are cancelled and
 * status subscriptions ended: an erased customer is not contacted again. The tombstone is written
 * first, so a message arriving while this runs is already stored without their data. The erasure
 * itself is recorded under a keyed hash of the id, never the id.
 */
export async function eraseAuthor(deps: ErasureDeps, platform: string, authorId: string, scope: ErasureScope): Promise<ErasureReport> {
  const { store } = deps;
  const inScope = (brand: string) => scope.brands === 'all' || scope.brands.includes(brand);
  const report: ErasureReport = { mentions: 0, outbox: 0, followUps: 0, parkedChanges: 0, incidentRecords: 0, cooldowns: 0, subscribers: 0, snsSubscriptions: 0 };
  await writeTombstones(store, platform, authorId, scope, deps.now());
  const anonymous = `erased-${randomBytes(6).toString('hex')}`;
  const all = (await queryAll(store, { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: marshall({ ':pk': keys.author(platform, authorId) }) })).items.map(fromItem);
  const mentions = all.filter((m) => inScope(m.brand));
  for (const m of mentions) {
    await forgetFirstText(store, m);
    await anonymizeMention(store, m, anonymous, deps.now());
    report.mentions++;
    report.parkedChanges += await deleteWhere(store, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: marshall({ ':pk': keys.mention(m.id).pk, ':p': 'CHANGE#' }) });
    if (m.incidentId && (await deleteKey(store, { pk: `INCIDENT#${m.incidentId}`, sk: `AFFECTED#${platform}#${m.author.id}` }))) report.incidentRecords++;
    if (await cancelFollowUp(store, m.conversationId, 'author erased')) report.followUps++;
  }
  report.outbox = await anonymizeOutbox(store, [...new Set(mentions.map((m) => m.brand))], new Set(mentions.map((m) => m.id)), authorId);
  const brands = deps.brands.all.filter((b) => inScope(b.id));
  for (const brand of brands) {
    if (await deleteKey(store, cooldownKey(brand.id, platform, authorId))) report.cooldowns++;
  }
  if (platform === 'email' || platform === 'phone') {
    const ended = await endStatusSubscriptions(deps, brands.map((b) => b.id), platform, authorId);
    report.subscribers = ended.subscribers;
    report.snsSubscriptions = ended.snsSubscriptions;
  }
  await recordErasure(store, platform, authorId, scope, report, deps.now());
  return report;
}

async function anonymizeMention(store: Store, m: Mention, anonymous: string, now: Date) {
  await guarded(store.ddb.send(new UpdateItemCommand({
    TableName: store.table,
    Key: marshall(keys.mention(m.id)),
    // textPending goes too: a text fetch still due would otherwise write the words back.
    UpdateExpression: 'SET #text = :empty, author = :author, erasedAt = :now REMOVE revisions, originalText, #url, media, gsi3pk, gsi3sk, inReplyTo, textPending',
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

async function recordErasure(store: Store, platform: string, authorId: string, scope: ErasureScope, report: ErasureReport, now: Date) {
  // Keyed: a bare sha256 of a phone number or e-mail address is reversed by trying them all.
  const subject = keyedHash('erasure', `${platform}:${authorId}`);
  const item = { pk: `ERASURE#${now.toISOString()}#${subject.slice(0, 16)}`, sk: 'ERASURE', type: 'erasure', platform, subject, scope: scope.brands === 'all' ? ['*'] : scope.brands, at: now.toISOString(), ...report };
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
