import { GetItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Mention } from '../mention.ts';
import { CASE_DEFAULTS, type CaseCandidate, textFingerprint } from '../triage/cases.ts';
import type { Triage } from '../triage/classify.ts';
import { isConditionFailure, storageDown } from './client.ts';
import type { Store } from './client.ts';
import { fromItem } from './mentions.ts';
import { keys } from './table.ts';

export interface TriageWrite extends Triage {
  caseId: string;
  incidentId?: string;
}

/**
 * The one conditional write-back. It passes for a new mention, and for a triaged one whose
 * `mention.triaged` was never published (the update succeeded, the publish failed): the retry
 * then writes the same triage again and publishes. Anything else (published, answered) is a
 * redelivery and changes nothing: `undefined`.
 */
export async function writeTriage(store: Store, id: string, t: TriageWrite, brand: string): Promise<Mention | undefined> {
  const fields: Record<string, unknown> = {
    status: 'open',
    lang: t.lang,
    sentiment: t.sentiment,
    sarcasm: t.sarcasm,
    intent: t.intent,
    priority: t.priority,
    team: t.team,
    slaDueAt: t.slaDueAt,
    triagedAt: t.triagedAt,
    caseId: t.caseId,
    gsi4pk: keys.statusQueue(brand, 'open'),
    gsi4sk: t.slaDueAt,
    ...(t.incidentId ? { incidentId: t.incidentId } : {}),
  };
  const names: Record<string, string> = { '#published': 'publishedAt' };
  const values: Record<string, unknown> = { ':new': 'new', ':open': 'open' };
  const sets = Object.entries(fields).map(([k, v]) => {
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    return `#${k} = :${k}`;
  });
  try {
    const out = await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keys.mention(id)),
        // Triaged: it leaves the rescue index (gsi5) in the same write.
        UpdateExpression: `SET ${sets.join(', ')} REMOVE gsi5pk, gsi5sk`,
        ConditionExpression: 'attribute_exists(pk) AND (#status = :new OR (#status = :open AND attribute_not_exists(#published)))',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return out.Attributes ? fromItem(out.Attributes) : undefined;
  } catch (e) {
    if (isConditionFailure(e)) return undefined;
    throw storageDown(e);
  }
}

/** Marks the event as published; a second mark (a concurrent retry) is harmless. */
export async function markPublished(store: Store, id: string, at: string): Promise<void> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keys.mention(id)),
        UpdateExpression: 'SET #published = :at',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#published)',
        ExpressionAttributeNames: { '#published': 'publishedAt' },
        ExpressionAttributeValues: marshall({ ':at': at }),
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
  }
}

const CASE_FIELDS = ['id', 'platform', 'author', 'text', 'createdAt', 'conversationId', 'status', 'caseId', 'fromBrand'];

/** A bounded index read for case linking: only the fields the rule needs, at most `limit` items. */
async function queryWindow(store: Store, index: string, pk: string, from: string, to: string, limit: number): Promise<Mention[]> {
  const names: Record<string, string> = { '#pk': `${index}pk`, '#sk': `${index}sk` };
  for (const f of CASE_FIELDS) names[`#${f}`] = f;
  try {
    const out = await store.ddb.send(
      new QueryCommand({
        TableName: store.table,
        IndexName: index,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: marshall({ ':pk': pk, ':from': from, ':to': to }),
        ProjectionExpression: CASE_FIELDS.map((f) => `#${f}`).join(', '),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(fromItem);
  } catch (e) {
    throw storageDown(e);
  }
}

/** The author's mentions on one platform identity between two times (gsi3). */
export function authorMentions(store: Store, platform: string, authorId: string, from: string, to: string): Promise<Mention[]> {
  return queryWindow(store, 'gsi3', keys.author(platform, authorId), from, to, 50);
}

/**
 * The same-text rule's memory: per brand and text, the first mention of it on each platform (id,
 * time, case; no author, no text). One small read per triage instead of the brand's last half
 * hour, which in a burst (an outage: hundreds a minute) costs more than all the rest of triage.
 */
export async function sameTextFirsts(store: Store, m: Pick<Mention, 'brand' | 'text'>): Promise<CaseCandidate[]> {
  const fingerprint = textFingerprint(m.text);
  if (!fingerprint) return [];
  try {
    const out = await store.ddb.send(new GetItemCommand({ TableName: store.table, Key: marshall(keys.sameText(m.brand, fingerprint)) }));
    const item = out.Item ? unmarshall(out.Item) : {};
    return Object.entries(item)
      .filter(([k]) => k.startsWith(PER_PLATFORM))
      .map(([, e]) => e as { id: string; platform: string; createdAt: string; caseId: string })
      // The text is the mention's own (same fingerprint); no author: the identity rule reads gsi3.
      .map((e) => ({ ...e, text: m.text, author: { id: '' }, conversationId: '', status: 'new' as const }));
  } catch (e) {
    throw storageDown(e);
  }
}

/** Remembers a triaged mention as its platform's first of the text, unless one within the window is there. */
export function rememberFirstText(store: Store, m: Pick<Mention, 'id' | 'brand' | 'platform' | 'text' | 'createdAt'>, caseId: string): Promise<void> {
  const at = Date.parse(m.createdAt);
  return updateFirstText(store, m, {
    UpdateExpression: 'SET #p = :entry, #ttl = :ttl',
    ConditionExpression: 'attribute_not_exists(#p) OR #p.#at < :stale',
    names: { '#at': 'createdAt', '#ttl': 'ttl' },
    values: {
      ':entry': { id: m.id, platform: m.platform, createdAt: m.createdAt, caseId },
      ':stale': new Date(at - CASE_DEFAULTS.textWindowMinutes * 60_000).toISOString(),
      ':ttl': Math.floor(at / 1000) + 86_400,
    },
  });
}

/** Erasure: the same-text memory forgets this mention (its text hash links it to others). */
export function forgetFirstText(store: Store, m: Pick<Mention, 'id' | 'brand' | 'platform' | 'text'>): Promise<void> {
  return updateFirstText(store, m, { UpdateExpression: 'REMOVE #p', ConditionExpression: '#p.#id = :id', names: { '#id': 'id' }, values: { ':id': m.id } });
}

const PER_PLATFORM = 'first_';

/** One conditional update of this mention's platform entry (`#p`); a failed condition is a no-op. */
async function updateFirstText(
  store: Store,
  m: Pick<Mention, 'brand' | 'platform' | 'text'>,
  u: { UpdateExpression: string; ConditionExpression: string; names: Record<string, string>; values: Record<string, unknown> },
): Promise<void> {
  const fingerprint = textFingerprint(m.text);
  if (!fingerprint) return;
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keys.sameText(m.brand, fingerprint)),
        UpdateExpression: u.UpdateExpression,
        ConditionExpression: u.ConditionExpression,
        ExpressionAttributeNames: { '#p': `${PER_PLATFORM}${m.platform}`, ...u.names },
        ExpressionAttributeValues: marshall(u.values),
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw storageDown(e);
  }
}

/** The first message of a conversation (gsi2): tells whether the brand started the thread. */
export async function conversationStarter(store: Store, conversationId: string): Promise<Mention | undefined> {
  try {
    const out = await store.ddb.send(
      new QueryCommand({
        TableName: store.table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: marshall({ ':pk': keys.conversation(conversationId) }),
        ScanIndexForward: true,
        Limit: 1,
      }),
    );
    const item = out.Items?.[0];
    return item ? fromItem(item) : undefined;
  } catch (e) {
    throw storageDown(e);
  }
}
