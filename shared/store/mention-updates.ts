import { UpdateItemCommand, type UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { WecareError } from '../errors.ts';
import type { Author, Mention } from '../mention.ts';
import { isConditionFailure, type Item, type Store, storageDown } from './client.ts';
import { mentionKeys } from './mentions.ts';

/**
 * Later writes to a stored mention: an agent's answer, the text a webhook could not carry, and
 * erasure. (Triage's write-back is in mention-triage.ts, platform changes in parked-changes.ts,
 * the incident tag in incident-mentions.ts.)
 */

type Update = Omit<UpdateItemCommandInput, 'TableName' | 'Key'>;

/** One update of the mention item; `false` when its condition failed. */
async function update(store: Store, id: string, input: Update): Promise<{ done: boolean; attributes?: Item }> {
  try {
    const out = await store.ddb.send(new UpdateItemCommand({ TableName: store.table, Key: marshall(mentionKeys.item(id)), ...input }));
    return { done: true, attributes: out.Attributes };
  } catch (e) {
    if (isConditionFailure(e)) return { done: false };
    throw storageDown(e);
  }
}

/**
 * An agent answered: the first response is set once (the first answer counts), the status follows
 * the agent's choice. `not_found` when the mention is gone.
 */
export async function markAnswered(store: Store, m: Pick<Mention, 'id' | 'brand' | 'firstResponseAt'>, status: 'answered' | 'closed', now: Date): Promise<{ firstResponseAt?: string }> {
  const out = await update(store, m.id, {
    UpdateExpression: 'SET firstResponseAt = if_not_exists(firstResponseAt, :now), #status = :status',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: marshall({ ':now': now.toISOString(), ':status': status}),
    ReturnValues: 'UPDATED_NEW',
  });
  if (!out.done) throw new WecareError('not_found', `mention ${m.id} not found`);
  return { firstResponseAt: out.attributes?.firstResponseAt?.S ?? m.firstResponseAt };
}

/** The text a platform API returned for a mention its webhook only named (the adapters' FetchedText). */
export interface CompletedText {
  text: string;
  author: Author;
  rating?: number;
  url?: string;
  editedAt?: string;
}

/**
 * The text a webhook could not carry, fetched: written with its author and a revision, and
 * `textPending` cleared (the stream hands the mention to triage as a MODIFY). `false` when it was
 * done already (a redelivered record) or an erasure came between the fetch and this write.
 */
export async function completeText(store: Store, m: Pick<Mention, 'id' | 'platform'>, f: CompletedText, now: Date): Promise<boolean> {
  const revision = { text: f.text, at: f.editedAt ?? now.toISOString(), event: `fetch:${f.editedAt ?? now.toISOString()}` };
  const values: Record<string, unknown> = {
    ':text': f.text,
    ':author': f.author,
    ':authorKey': mentionKeys.author(m.platform, f.author.id),
    ':rev': [revision],
    ':empty': [],
    ':true': true,
  };
  let set = 'SET #text = :text, author = :author, gsi3pk = :authorKey, revisions = list_append(if_not_exists(revisions, :empty), :rev)';
  if (f.rating !== undefined) {
    values[':rating'] = f.rating;
    set += ', rating = :rating';
  }
  if (f.url !== undefined) {
    values[':url'] = f.url;
    set += ', #url = :url';
  }
  const out = await update(store, m.id, {
    UpdateExpression: `${set} REMOVE textPending`,
    // An erasure between the fetch and this write wins: it removed textPending and set erasedAt.
    ConditionExpression: 'textPending = :true AND attribute_not_exists(erasedAt)',
    ExpressionAttributeNames: { '#text': 'text', ...(f.url !== undefined ? { '#url': 'url' } : {}) },
    ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
  });
  return out.done;
}

/**
 * The text fetch of an erased author's mention: nothing of theirs is written, the mention is closed
 * with its counts (as erasure leaves it), and `erasedAt` keeps later refetches from trying again.
 * `false` when the text was no longer pending.
 */
export async function closeErasedPending(store: Store, m: Pick<Mention, 'id' | 'fromBrand'>, anonymous: Author, now: Date): Promise<boolean> {
  const out = await update(store, m.id, {
    UpdateExpression: 'SET #text = :empty, author = :author, erasedAt = :now, #status = :closed REMOVE textPending, revisions, originalText, #url, media, gsi3pk, gsi3sk, inReplyTo, gsi5pk, gsi5sk',
    ConditionExpression: 'textPending = :true',
    ExpressionAttributeNames: { '#text': 'text', '#url': 'url', '#status': 'status' },
    ExpressionAttributeValues: marshall({ ':empty': '', ':author': anonymous, ':now': now.toISOString(), ':closed': m.fromBrand ? 'brand' : 'closed', ':true': true }),
  });
  return out.done;
}

/**
 * Erasure of a stored mention: texts, author, links and media go, what metrics count stays; the
 * author index (gsi3) entry goes, so the author's id no longer finds it.
 */
export async function eraseMentionText(store: Store, id: string, anonymous: Author, now: Date): Promise<void> {
  await update(store, id, {
    // textPending goes too: a text fetch still due would otherwise write the words back.
    UpdateExpression: 'SET #text = :empty, author = :author, erasedAt = :now REMOVE revisions, originalText, #url, media, gsi3pk, gsi3sk, inReplyTo, textPending',
    ExpressionAttributeNames: { '#text': 'text', '#url': 'url' },
    ExpressionAttributeValues: marshall({ ':empty': '', ':author': anonymous, ':now': now.toISOString() }),
  });
}
