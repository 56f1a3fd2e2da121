import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { ReplyDeps } from '../flows/reply-types.ts';
import type { Mention } from '../mention.ts';
import { fetchGoogleReview } from '../platforms/google/fetch.ts';
import { fetchInstagramMention } from '../platforms/meta/fetch.ts';
import { isConditionFailure, storageDown } from '../store/client.ts';
import { getMention, type Store } from '../store/mentions.ts';
import { keys } from '../store/table.ts';
import type { FetchedText } from './types.ts';
import { anonymousAuthor, isErased } from '../privacy/tombstone.ts';

export interface EnrichDeps {
  store: Store;
  platforms: ReplyDeps;
  now: () => Date;
}

/**
 * Completes a mention whose webhook carried ids only (Google review notifications, Instagram
 * @mentions): fetch the text from the platform, then one conditional update that clears
 * `textPending`, which the stream hands to triage as a MODIFY. A platform error throws, so the
 * stream retries the record; a redelivered record finds textPending gone and changes nothing.
 */
export async function enrichMention(deps: EnrichDeps, image: Mention): Promise<'enriched' | 'skipped' | 'erased'> {
  if (!image.textPending) return 'skipped';
  // The stream may hand us an old image: one read spares the platform's rate limit a second fetch.
  const m = await getMention(deps.store, image.id);
  if (!m?.textPending) return 'skipped';
  const fetched = (await fetchText(deps.platforms, m)) ?? { text: m.text, author: m.author };
  // The webhook named ids only: who wrote is known now, and an erased author's words are not written back.
  const erased = (await isErased(deps.store, m.platform, fetched.author, m.brand)) || (fetched.author.id !== m.author.id && (await isErased(deps.store, m.platform, m.author, m.brand)));
  if (erased) return (await forgetMention(deps.store, m, deps.now())) ? 'erased' : 'skipped';
  return (await completeMention(deps.store, m, fetched, deps.now())) ? 'enriched' : 'skipped';
}

function fetchText(platforms: ReplyDeps, m: Mention): Promise<FetchedText> | undefined {
  if (m.platform === 'google') return fetchGoogleReview(platforms, m.externalId);
  if (m.platform === 'instagram') {
    // A mention inside a comment names the media it comments on; a caption mention does not.
    return fetchInstagramMention(platforms, { accountId: m.accountId, externalId: m.externalId, viaComment: m.inReplyTo !== undefined });
  }
  // No API gives more for this platform: complete it with what the webhook said.
  return undefined;
}

async function completeMention(store: Store, m: Mention, f: FetchedText, now: Date): Promise<boolean> {
  const revision = { text: f.text, at: f.editedAt ?? now.toISOString(), event: `fetch:${f.editedAt ?? now.toISOString()}` };
  const values: Record<string, unknown> = {
    ':text': f.text,
    ':author': f.author,
    ':authorKey': keys.author(m.platform, f.author.id),
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
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keys.mention(m.id)),
        UpdateExpression: `${set} REMOVE textPending`,
        // An erasure between the fetch and this write wins: it removed textPending and set erasedAt.
        ConditionExpression: 'textPending = :true AND attribute_not_exists(erasedAt)',
        ExpressionAttributeNames: { '#text': 'text', ...(f.url !== undefined ? { '#url': 'url' } : {}) },
        ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw storageDown(e);
  }
}

/**
 * The text fetch of an erased author's mention: nothing of theirs is written, the mention is closed
 * with its counts (as erasure leaves it), and `erasedAt` keeps later refetches from trying again.
 */
async function forgetMention(store: Store, m: Mention, now: Date): Promise<boolean> {
  try {
    await store.ddb.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: marshall(keys.mention(m.id)),
        UpdateExpression: 'SET #text = :empty, author = :author, erasedAt = :now, #status = :closed REMOVE textPending, revisions, originalText, #url, media, gsi3pk, gsi3sk, inReplyTo, gsi5pk, gsi5sk',
        ConditionExpression: 'textPending = :true',
        ExpressionAttributeNames: { '#text': 'text', '#url': 'url', '#status': 'status' },
        ExpressionAttributeValues: marshall({ ':empty': '', ':author': anonymousAuthor(), ':now': now.toISOString(), ':closed': m.fromBrand ? 'brand' : 'closed', ':true': true }),
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw storageDown(e);
  }
}
