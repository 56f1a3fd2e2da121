import { marshall } from '@aws-sdk/util-dynamodb';
import { WecareError } from '../errors.ts';
import type { Mention } from '../mention.ts';
import type { Store } from './client.ts';
import { getByKeys, scatterPage } from './scatter.ts';
import { fromItem, getMention, mentionKeys } from './mentions.ts';
import { queryAll, queryFirst } from './query.ts';

/** Reads of mentions over their indexes: brand timeline (gsi6, sharded), conversation (gsi2), author (gsi3). */

export interface MentionFilter {
  brand: string;
  platform?: string;
  intent?: string;
  sentiment?: string;
  status?: string;
  limit: number;
  cursor?: string;
}

/**
 * Newest first, by brand: the sharded timeline (gsi6) gives the ids in order, the items come by
 * BatchGet, and the filters on triage fields (not on the index) are applied to them; a filtered
 * page reads on until it is full or the timeline ends. The cursor is the last item's sort key.
 */
export async function listMentions(store: Store, f: MentionFilter): Promise<{ items: Mention[]; cursor?: string }> {
  const keep = (m: Mention) =>
    (!f.intent || m.intent === f.intent) && (!f.sentiment || m.sentiment?.label === f.sentiment) && (!f.status || m.status === f.status);
  const items: Mention[] = [];
  let below = decodeCursor(f.cursor);
  for (let round = 0; round < 20 && items.length < f.limit; round++) {
    const want = f.limit - items.length;
    const page = await scatterPage(
      store,
      {
        index: 'gsi6',
        partitions: mentionKeys.brandTimelines(f.brand),
        below,
        descending: true,
        filter: f.platform ? { expression: '#platform = :platform', names: { '#platform': 'platform' }, values: marshall({ ':platform': f.platform }) } : undefined,
      },
      // Filters on triage fields drop some: ask for more than is missing.
      f.intent || f.sentiment || f.status ? Math.min(want * 3, 100) : want,
    );
    if (page.items.length === 0) return { items };
    const full = new Map((await getByKeys(store, page.items.map((i) => mentionKeys.item(i.id!.S!)))).map((i) => [i.id!.S!, i]));
    let usedAll = true;
    for (const key of page.items) {
      if (items.length >= f.limit) {
        usedAll = false;
        break;
      }
      below = key.gsi6sk!.S!;
      const item = full.get(key.id!.S!);
      if (item && keep(fromItem(item))) items.push(fromItem(item));
    }
    if (usedAll && !page.more) return { items };
  }
  return { items, cursor: below ? encodeCursor(below) : undefined };
}

const encodeCursor = (sk: string) => Buffer.from(JSON.stringify({ before: sk })).toString('base64url');

function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed.before === 'string' && parsed.before.length <= 200) return parsed.before;
  } catch {
    /* fall through */
  }
  throw new WecareError('bad_request', 'cursor: not a cursor this API returned');
}

/** Every mention of the conversation, oldest first: the ids from gsi2, the items by BatchGet. */
export async function conversationMentions(store: Store, conversationId: string): Promise<Mention[]> {
  const { items } = await queryAll(store, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: marshall({ ':pk': mentionKeys.conversation(conversationId) }),
  });
  return (await getByKeys(store, items.map((i) => mentionKeys.item(i.id!.S!)))).map(fromItem);
}

/** The first message of a conversation (gsi2): tells whether the brand started the thread. */
export async function conversationStarter(store: Store, conversationId: string): Promise<Mention | undefined> {
  const item = await queryFirst(store, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: marshall({ ':pk': mentionKeys.conversation(conversationId) }),
    ScanIndexForward: true,
  });
  return item ? getMention(store, item.id!.S!) : undefined;
}

/** Conversations with a mention of the brand created in [from, to] (the sharded timeline, gsi6). */
export async function conversationsOfBrand(store: Store, brand: string, from: string, to: string): Promise<string[]> {
  const { items } = await scatterPage(store, { index: 'gsi6', partitions: mentionKeys.brandTimelines(brand), above: from, below: `${to}\uffff`, pageSize: 1000 }, Number.POSITIVE_INFINITY);
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
