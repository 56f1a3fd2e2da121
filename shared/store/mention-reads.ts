import { marshall } from '@aws-sdk/util-dynamodb';
import { WecareError } from '../errors.ts';
import type { Mention } from '../mention.ts';
import type { Item, Store } from './client.ts';
import { fromItem, mentionKeys } from './mentions.ts';
import { queryAll, queryFirst } from './query.ts';

/** Reads of mentions over their indexes: brand timeline (gsi1), conversation (gsi2), author (gsi3). */

export interface MentionFilter {
  brand: string;
  platform?: string;
  intent?: string;
  sentiment?: string;
  status?: string;
  limit: number;
  cursor?: string;
}

/** Newest first, by brand (gsi1); the other filters narrow the page. The cursor is opaque to callers. */
export async function listMentions(store: Store, f: MentionFilter): Promise<{ items: Mention[]; cursor?: string }> {
  const names: Record<string, string> = { '#pk': 'gsi1pk' };
  const values: Record<string, unknown> = { ':pk': mentionKeys.brandTimeline(f.brand) };
  const filters: string[] = [];
  const add = (field: string, path: string, value: string | undefined) => {
    if (value === undefined) return;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    filters.push(`${path} = :${field}`);
  };
  add('platform', '#platform', f.platform);
  add('intent', '#intent', f.intent);
  add('status', '#status', f.status);
  if (f.sentiment) {
    names['#sentiment'] = 'sentiment';
    names['#label'] = 'label';
    values[':label'] = f.sentiment;
    filters.push('#sentiment.#label = :label');
  }
  // A filtered page can come back short; keep reading until the page is full or the index ends.
  const { items, next } = await queryAll(
    store,
    {
      IndexName: 'gsi1',
      KeyConditionExpression: '#pk = :pk',
      FilterExpression: filters.length ? filters.join(' AND ') : undefined,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall(values),
      ScanIndexForward: false,
    },
    { maxItems: f.limit, exact: true, start: decodeCursor(f.cursor) },
  );
  return { items: items.map(fromItem), cursor: next ? encodeCursor(next) : undefined };
}

const encodeCursor = (key: Item) => Buffer.from(JSON.stringify(key)).toString('base64url');

function decodeCursor(cursor: string | undefined): Item | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && 'pk' in key && 'gsi1pk' in key) return key;
  } catch {
    /* fall through */
  }
  throw new WecareError('bad_request', 'cursor: not a cursor this API returned');
}

/** Every mention of the conversation (gsi2); other item types never carry gsi2 keys. */
export async function conversationMentions(store: Store, conversationId: string): Promise<Mention[]> {
  const { items } = await queryAll(store, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: marshall({ ':pk': mentionKeys.conversation(conversationId) }),
  });
  return items.map(fromItem);
}

/** The first message of a conversation (gsi2): tells whether the brand started the thread. */
export async function conversationStarter(store: Store, conversationId: string): Promise<Mention | undefined> {
  const item = await queryFirst(store, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: marshall({ ':pk': mentionKeys.conversation(conversationId) }),
    ScanIndexForward: true,
  });
  return item ? fromItem(item) : undefined;
}

/** Conversations with a mention of the brand created in [from, to] (gsi1 brand timeline). */
export async function conversationsOfBrand(store: Store, brand: string, from: string, to: string): Promise<string[]> {
  const { items } = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: marshall({ ':pk': mentionKeys.brandTimeline(brand), ':from': from, ':to': `${to}\uffff` }),
    ProjectionExpression: 'conversationId',
  });
  return [...new Set(items.map((i) => i.conversationId?.S).filter((id): id is string => Boolean(id)))];
}

/** Every mention of one platform identity (gsi3), whatever its brand: what an erasure finds. */
export async function mentionsOfAuthor(store: Store, platform: string, authorId: string): Promise<Mention[]> {
  const { items } = await queryAll(store, { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: marshall({ ':pk': mentionKeys.author(platform, authorId) }) });
  return items.map(fromItem);
}

const CASE_FIELDS = ['id', 'platform', 'author', 'text', 'createdAt', 'conversationId', 'status', 'caseId', 'fromBrand'];

/**
 * The author's mentions on one platform identity between two times (gsi3), newest first: a bounded
 * read for case linking, only the fields the rule needs, at most 50.
 */
export async function authorMentions(store: Store, platform: string, authorId: string, from: string, to: string): Promise<Mention[]> {
  const names: Record<string, string> = { '#pk': 'gsi3pk', '#sk': 'gsi3sk' };
  for (const f of CASE_FIELDS) names[`#${f}`] = f;
  const { items } = await queryAll(
    store,
    {
      IndexName: 'gsi3',
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall({ ':pk': mentionKeys.author(platform, authorId), ':from': from, ':to': to }),
      ProjectionExpression: CASE_FIELDS.map((f) => `#${f}`).join(', '),
      ScanIndexForward: false,
    },
    { maxItems: 50, exact: true },
  );
  return items.map(fromItem);
}
